"""Pay charts for Discord answers: drawn off the event loop, one at a time, and kept for reuse.

A chart is keyed by its data and theme. Its data is what the knowledge version and the
question's reading decide (the figures the reply states), so the same question asked again, or
another wording with the same reading, reuses the picture, and a moderator's edit of those
figures can never show a stale one. Drawing happens in one worker thread (matplotlib is
imported there, on the first chart); two answers waiting for the same chart share one drawing.
A chart that fails or takes longer than ``timeout`` seconds is left out: the text answer goes
without it, and the failure is logged once per chart.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor

from bot.discord_app.delivery import Upload
from bot.render.chart import THEMES as DRAWN_THEMES
from bot.render.chart import draw_png
from bot.render.discord_body import CHART_FILENAME, chart_description
from bot.replies.pay_chart import PayChart
from bot.replies.reply import Reply

log = logging.getLogger(__name__)

CACHE_BYTES = 32 * 1024 * 1024  # about 200 charts
DRAW_TIMEOUT = 5.0  # seconds an answer waits for its chart (the first one imports matplotlib)

Key = tuple[PayChart, str]
Draw = Callable[[PayChart, str], bytes]


class Charts:
    """Recent charts by (chart data, theme), and the worker thread that draws new ones."""

    def __init__(
        self,
        theme_of: Callable[[int | None], str] = lambda guild_id: "dark",
        *,
        timeout: float = DRAW_TIMEOUT,
        capacity: int = CACHE_BYTES,
        draw: Draw = draw_png,
    ) -> None:
        self.theme_of = theme_of  # a server's chart setting (None: a DM)
        self.timeout = timeout
        self.capacity = capacity
        self._draw = draw
        self._images: OrderedDict[Key, bytes] = OrderedDict()
        self._size = 0
        self._drawing: dict[Key, asyncio.Future[bytes]] = {}
        self._failed: set[Key] = set()  # logged once each; tried again on the next answer
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pacsbot-chart")

    def cached(self, chart: PayChart, theme: str) -> bytes | None:
        """The chart's PNG if it was drawn recently, without drawing."""
        png = self._images.get((chart, theme))
        if png is not None:
            self._images.move_to_end((chart, theme))
        return png

    async def png(self, chart: PayChart, theme: str) -> bytes | None:
        """The chart's PNG: from the cache, or drawn in the worker thread; None when drawing
        failed or took longer than ``timeout`` (the text answer then goes alone)."""
        key = (chart, theme)
        png = self.cached(chart, theme)
        if png is not None:
            return png
        drawing = self._drawing.get(key)
        if drawing is None:
            loop = asyncio.get_running_loop()
            drawing = asyncio.ensure_future(loop.run_in_executor(self._worker, self._draw, *key))
            self._drawing[key] = drawing
            drawing.add_done_callback(lambda done: self._drawn(key, done))
        try:
            async with asyncio.timeout(self.timeout):
                return await asyncio.shield(drawing)
        except TimeoutError:
            log.warning("The chart for %r took over %.1f s; answered without it", chart.title,
                        self.timeout)  # fmt: skip
        except Exception as exc:  # whatever the drawing raised: the answer goes without it
            if key not in self._failed:
                self._failed.add(key)
                log.warning("Could not draw the chart for %r: %r", chart.title, exc)
        return None

    async def upload(
        self,
        reply: Reply,
        guild_id: int | None,
        before_drawing: Callable[[], Awaitable[object]] | None = None,
    ) -> Upload | None:
        """The reply's chart as an attachment in the server's theme, or None (no chart, charts
        off in that server, drawing failed).

        ``before_drawing`` runs only when the chart must be drawn first: an interaction is
        deferred there, so a slow first chart never costs Discord's 3-second deadline.
        """
        if reply.chart is None:
            return None
        theme = self.theme_of(guild_id)
        if theme not in DRAWN_THEMES:
            return None
        png = self.cached(reply.chart, theme)
        if png is None:
            if before_drawing is not None:
                await before_drawing()
            png = await self.png(reply.chart, theme)
        if png is None:
            return None
        return Upload(png, CHART_FILENAME, chart_description(reply))

    def close(self) -> None:
        """Let the worker thread end once it is idle."""
        self._worker.shutdown(wait=False, cancel_futures=True)

    def _drawn(self, key: Key, done: asyncio.Future[bytes]) -> None:
        self._drawing.pop(key, None)
        if done.cancelled() or done.exception() is not None:
            return
        png = done.result()
        self._failed.discard(key)
        self._images[key] = png
        self._size += len(png)
        while self._size > self.capacity and len(self._images) > 1:
            _, dropped = self._images.popitem(last=False)
            self._size -= len(dropped)
