"""The Discord adapter: translates Discord events into engine calls and Replies into sends.

Nothing in here decides what to answer; that is the engine's job (``bot.engine``). Importing this
package does not import discord.py; its modules do.
"""
