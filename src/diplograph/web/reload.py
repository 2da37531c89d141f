"""`serve --reload`: the site follows rebuilds of its output folder without a restart.

`Reloading` is an ASGI app that holds the app of the current build and watches the output's
`manifest.json` (its SHA-256, diplograph.freshness) every `interval` seconds. When the manifest
changes, the new build is loaded and warmed in a thread while the old one keeps answering; then
requests go to the new app and the old one's query processes are stopped once its requests are
done. A build half-written, or a folder that does not load, keeps the old app (and says so once).
Without `reload` (plain `serve --input`) the same watch only warns that the answers are stale.
"""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path
from typing import Callable

from starlette.concurrency import run_in_threadpool

from diplograph.errors import DiplographError
from diplograph.freshness import manifest_digest


class Reloading:
    def __init__(self, factory: Callable[[], object], output: Path, *, reload: bool = True,
                 interval: float = 2.0, log: Callable[[str], None] = lambda m: None, first=None):
        """`factory()` makes the app of the build now in `output`; `first`: that app, made
        already (so that a bad output folder is reported before the server starts)."""
        self.factory = factory
        self.output = Path(output)
        self.reload = reload
        self.interval = interval
        self.log = log
        self.current = first
        self.digest: str | None = manifest_digest(self.output) if first is not None else None
        self.reloads = 0
        self._inflight: dict[int, int] = {}
        self._task: asyncio.Task | None = None
        self._failed: str | None = None

    @staticmethod
    def _state(app):
        return app.app.state  # create_app wraps the Starlette app in LimitPathLength

    def _make(self):
        digest = manifest_digest(self.output)
        app = self.factory()
        self._state(app).startup()
        return app, digest

    async def check(self) -> bool:
        """One look at the manifest; True when a new build was swapped in."""
        now = manifest_digest(self.output)
        if now is None or now == self.digest or now == self._failed:
            return False
        if not self.reload:
            self.log(f"warning: {self.output} was rebuilt since the server started: answers are stale "
                     "(restart, or serve with --reload)")
            self._failed = now  # say it once per build
            return False
        try:
            app, digest = await run_in_threadpool(self._make)
        except (DiplographError, OSError) as exc:
            self._failed = now
            self.log(f"warning: the rebuilt {self.output} does not load ({exc}); still serving the previous build")
            return False
        old, self.current, self.digest = self.current, app, digest
        self.reloads += 1
        self.log(f"reloaded {self.output} (build {digest[:12] if digest else '?'})")
        asyncio.get_running_loop().create_task(self._retire(old))
        return True

    async def _retire(self, old) -> None:
        for _ in range(600):  # wait (at most a minute) for its requests to finish
            if not self._inflight.get(id(old)):
                break
            await asyncio.sleep(0.1)
        self._inflight.pop(id(old), None)
        self._state(old).shutdown()

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            with contextlib.suppress(Exception):  # a bad round must not stop the watch
                await self.check()

    async def __call__(self, scope, receive, send):
        if scope["type"] == "lifespan":
            return await self._lifespan(scope, receive, send)
        app = self.current
        self._inflight[id(app)] = self._inflight.get(id(app), 0) + 1
        try:
            await app(scope, receive, send)
        finally:
            self._inflight[id(app)] -= 1

    async def _lifespan(self, scope, receive, send):
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                try:
                    if self.current is None:
                        self.current, self.digest = await run_in_threadpool(self._make)
                    else:
                        await run_in_threadpool(self._state(self.current).startup)
                    self._task = asyncio.get_running_loop().create_task(self._watch())
                except Exception as exc:  # noqa: BLE001 - reported to the server, which stops
                    await send({"type": "lifespan.startup.failed", "message": str(exc)})
                    return
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self._task is not None:
                    self._task.cancel()
                if self.current is not None:
                    self._state(self.current).shutdown()
                await send({"type": "lifespan.shutdown.complete"})
                return


__all__ = ["Reloading"]
