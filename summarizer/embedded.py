"""The built-in default model: Qwen2.5-Coder-1.5B-Instruct (Q4_K_M) served by xllamacpp.

The server runs in a child process (`python -m summarizer.embedded`) on a free 127.0.0.1
port: llama.cpp's own HTTP server, OpenAI-compatible, enforcing `response_format`
json_schema. A child keeps llama.cpp's logs out of our stderr, can always be stopped, and
dies with us. Its weights come from `embedded_model.py`; which of its slots holds which
article, from `embedded_slots.py`.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import logging
import os
import platform
import signal
import socket
import subprocess
import sys
import threading
import time
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .embedded_model import cache_dir, default_model_path, model_identity
from .errors import ConfigError, EndpointError

if TYPE_CHECKING:  # loaded once the server is launched: the model starts before httpx loads
    from .embedded_slots import SlotPinning

log = logging.getLogger(__name__)

MODEL_NAME = "qwen2.5-coder-1.5b-instruct"
# The embedded model's backend profile (xllamacpp is built with llguidance): the one name
# every place that starts, replays or checks the embedded model uses.
EMBEDDED_PROFILE = "llamacpp-llguidance"
DEFAULT_CONTEXT = 8192
START_TIMEOUT = 180.0


def cpu_repack() -> bool:
    """Whether llama.cpp may repack the weights into its interleaved CPU layout.

    On the x86-64 (AVX2) machines here repacking Q4_K costs 1.3 s of every start and
    reads prompts slower: 38 tok/s repacked against 49 tok/s plain, generation within noise
    (14.2 and 13.1 tok/s). Arm has kernels that gain from it, so it stays on there.
    """
    return platform.machine().lower() not in ("x86_64", "amd64")


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def _die_with_parent() -> None:
    # Linux: SIGTERM the server when the process that started it dies, even by SIGKILL.
    with contextlib.suppress(OSError):
        ctypes.CDLL("libc.so.6").prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class EmbeddedServer:
    """Start the embedded model on loopback for the length of a `with` block."""

    def __init__(
        self,
        model_path: Path | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        slots: int = 1,
        context: int = DEFAULT_CONTEXT,
        threads: int | None = None,
    ) -> None:
        self.model_path = model_path
        self.host = host
        self.port = port
        self.slots = slots
        self.context = context
        self.threads = threads
        self._process: subprocess.Popen[bytes] | None = None
        self.log_path = cache_dir() / "logs" / "embedded-server.log"
        self.slot_dir = cache_dir() / "slots"
        self.model_key = ""

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/v1"

    @cached_property
    def pinning(self) -> SlotPinning:
        """Which of this server's slots holds which article: only a server we started has
        slots we know, so only its clients pin them (see embedded_slots.py)."""
        from .embedded_slots import SlotPinning

        return SlotPinning(self.slots)

    def start(self) -> EmbeddedServer:
        self.launch()
        self.wait_ready()
        return self

    def launch(self) -> None:
        """Start the server process without waiting for it to load the model."""
        path = self.model_path or default_model_path()
        if not path.is_file():
            raise ConfigError(f"no such model file: {path}")
        # The saved prompt cache holds numbers computed by one weight layout: key it by that too.
        self.model_key = f"{model_identity(path)}:repack={cpu_repack()}"
        self.slot_dir.mkdir(parents=True, exist_ok=True)
        self.port = self.port or free_port(self.host)
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        command = [
            sys.executable, "-m", "summarizer.embedded", "--model-path", str(path),
            "--host", self.host, "--port", str(self.port), "--slots", str(self.slots),
            "--context", str(self.context), "--slot-dir", str(self.slot_dir),
        ]  # fmt: skip
        if self.threads:
            command += ["--threads", str(self.threads)]
        log.info("starting the embedded model on %s:%d (log: %s)", self.host, self.port, self.log_path)
        with self.log_path.open("wb") as log_file:
            self._process = subprocess.Popen(
                command, stdout=log_file, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
            )  # fmt: skip

    def wait_ready(self) -> None:
        import httpx2 as httpx  # here, not at the top: the model starts before it loads

        deadline = time.monotonic() + START_TIMEOUT
        url = f"http://{self.host}:{self.port}/health"
        while time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                tail = self.log_path.read_text(errors="replace").strip().splitlines()[-1:] or ["no output"]
                raise EndpointError(f"the embedded model server stopped while starting: {tail[0][:200]}")
            try:
                if httpx.get(url, timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        self.stop()
        raise EndpointError(
            f"the embedded model server did not start within {START_TIMEOUT:g} s (log: {self.log_path})"
        )

    def stop(self) -> None:
        if self._process is None:
            return
        self._process.terminate()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._process = None

    def __enter__(self) -> EmbeddedServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def serve_forever(
    model_path: Path,
    host: str,
    port: int,
    slots: int,
    context: int,
    threads: int | None,
    quiet: bool = True,
    slot_dir: Path | None = None,
) -> None:
    """Run llama.cpp's server in this process until it is killed (used by the child and `serve`)."""
    import xllamacpp

    params = xllamacpp.CommonParams()
    params.model.path = str(model_path)
    params.hostnames = [host]
    params.port = port
    params.n_parallel = slots
    # Each slot gets the full context: the article and its questions, however long.
    params.n_ctx = context * slots
    params.model_alias = {MODEL_NAME}
    # llama.cpp's own warm-up (an empty decode) only delays readiness; _warm_up does what pays.
    params.warmup = False
    # Sizing the model to free device memory is for GPUs; on a CPU it only re-reads the
    # file's metadata (about 0.5 s of every start).
    params.fit_params = False
    params.no_extra_bufts = not cpu_repack()
    if threads:
        params.cpuparams.n_threads = threads
        params.cpuparams_batch.n_threads = threads
    if quiet:
        params.verbosity = -1
    if slot_dir is not None:
        # llama.cpp joins this and the file name without a separator.
        params.slot_save_path = str(slot_dir) + os.sep
    try:
        server = xllamacpp.Server(params)
    except RuntimeError as error:  # a file llama.cpp cannot load: one line, exit 3, no traceback
        raise EndpointError(
            f"the model server could not start with {model_path}: {error} (is it a model llama.cpp can load?)",
            transient=False,
        ) from None
    print(f"serving {MODEL_NAME} at {server.listening_address}/v1", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    # In a thread: the main thread stays free to act on SIGTERM at once.
    threading.Thread(target=_warm_up, args=(server,), daemon=True).start()
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        # The native server's destructor can block on exit; nothing is left to flush.
        os._exit(0)


def _warm_up(server: Any) -> None:
    """Pay llama.cpp's one-time costs now, while our client is still importing its libraries.

    The first request with an llguidance grammar indexes the whole vocabulary (~1 s on
    2 cores) before it starts. A one-token request with a grammar does that here instead;
    it is a raw completion, so it shares no cached prefix with the real (chat) questions.
    Requests that arrive meanwhile wait their turn.
    """
    started = time.monotonic()
    body = {"prompt": "ok", "n_predict": 1, "grammar": '%llguidance {}\nstart: "ok"', "cache_prompt": False}
    try:
        result = server.handle_completions(body)
    except Exception as error:  # a build without llguidance still serves; only slower at first
        result = {"error": str(error)}
    if isinstance(result, dict) and "error" in result:
        print(f"warm-up skipped: {str(result['error'])[:200]}", flush=True)
    else:
        print(f"warmed up in {time.monotonic() - started:.2f} s", flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m summarizer.embedded")
    parser.add_argument("--model-path", type=Path, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--slots", type=int, default=1)
    parser.add_argument("--context", type=int, default=DEFAULT_CONTEXT)
    parser.add_argument("--threads", type=int)
    parser.add_argument("--slot-dir", type=Path)
    args = parser.parse_args(argv)
    serve_forever(
        args.model_path, args.host, args.port, args.slots, args.context, args.threads, slot_dir=args.slot_dir
    )


if __name__ == "__main__":
    main()
