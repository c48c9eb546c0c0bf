"""Extensions the bot loads in ``setup_hook``: one feature each, each with ``async setup(bot)``."""
