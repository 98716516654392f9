"""The warm PDF converter's worker: one LibreOffice listener, then .docx → PDF jobs from stdin.

Run as a script by app/render/pdf.py::PdfConverter under a Python that can `import uno`
(Debian's /usr/bin/python3 with python3-uno; LibreOffice's own program/python on Windows and macOS),
so it imports nothing from the program and stays valid for the older Python LibreOffice ships.

    python uno_worker.py --soffice PATH --profile FILE_URL --pipe NAME [--startup-timeout SECONDS]
                         [--remove-at-end FOLDER]

It starts the listener as its own child (same process group: the program kills both at once),
connects to it once and prints {"ready": true, …}; then, for each JSON line
{"id", "input", "output", "pdfa"} on stdin, converts and prints {"id", "ok", "error", "fatal"}.
At the end of stdin (the program closed it, or died) it shuts the listener down, removes the program's
temporary folder (--remove-at-end) and exits.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import shutil
import subprocess
import sys
import time
from typing import IO, Any

LISTENER_STOP_SECONDS = 5.0


def listener_command(soffice: str, profile: str, pipe: str) -> list[str]:
    return [
        soffice,
        f"-env:UserInstallation={profile}",
        "--headless",
        "--invisible",
        "--norestore",
        "--nologo",
        "--nodefault",
        "--nolockcheck",
        f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
    ]


class Worker:
    def __init__(self, uno: Any, listener: subprocess.Popen[bytes], pipe: str) -> None:
        self.uno = uno
        self.listener = listener
        self.pipe = pipe
        self.desktop: Any = None

    def connect(self, deadline: float) -> None:
        """Connect to the listener, retrying while it starts (its first start builds the profile)."""
        local = self.uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        no_connection = self.uno.getClass("com.sun.star.connection.NoConnectException")
        while True:
            try:
                context = resolver.resolve(f"uno:pipe,name={self.pipe};urp;StarOffice.ComponentContext")
                break
            except no_connection:
                if self.listener.poll() is not None:
                    raise RuntimeError(f"LibreOffice exited with code {self.listener.returncode}") from None
                if time.monotonic() > deadline:
                    raise TimeoutError("LibreOffice did not start listening in time") from None
                time.sleep(0.05)
        self.desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)

    def property(self, name: str, value: Any) -> Any:
        item = self.uno.createUnoStruct("com.sun.star.beans.PropertyValue")
        item.Name, item.Value = name, value
        return item

    def convert(self, source: str, target: str, pdfa: bool) -> Any:
        """Write the PDF; return the document, still open, for close() after the reply is sent."""
        load = (self.property("Hidden", True), self.property("ReadOnly", True))
        document = self.desktop.loadComponentFromURL(self.uno.systemPathToFileUrl(source), "_blank", 0, load)
        if document is None:
            raise RuntimeError("LibreOffice could not open the document")
        try:
            # PDF/A-2b: SelectPdfVersion 2 (fonts embedded, XMP metadata with pdfaid:part 2).
            filter_data = (self.property("SelectPdfVersion", 2),) if pdfa else ()
            store = (
                self.property("FilterName", "writer_pdf_Export"),
                self.property("FilterData", self.uno.Any("[]com.sun.star.beans.PropertyValue", filter_data)),
            )
            # A struct holding an uno.Any needs uno.invoke, not a plain call.
            self.uno.invoke(document, "storeToURL", (self.uno.systemPathToFileUrl(target), store))
        except BaseException:
            close(document)
            raise
        return document

    def stop(self) -> None:
        """Ask LibreOffice to quit, then make sure it did."""
        if self.desktop is not None:
            with contextlib.suppress(Exception):  # the bridge goes away while terminate() returns
                self.desktop.terminate()
        try:
            self.listener.wait(LISTENER_STOP_SECONDS)
        except subprocess.TimeoutExpired:
            self.listener.kill()
            self.listener.wait()


def close(document: Any) -> None:
    try:
        document.close(True)
    except Exception:
        with contextlib.suppress(Exception):
            document.dispose()


def reply(channel: IO[str], message: dict[str, Any]) -> None:
    channel.write(json.dumps(message, ensure_ascii=False) + "\n")
    channel.flush()


def serve(worker: Worker, jobs: IO[str], channel: IO[str]) -> bool:
    """Convert jobs until the end of stdin (True) or until LibreOffice goes away (False)."""
    disposed = worker.uno.getClass("com.sun.star.lang.DisposedException")
    for line in jobs:
        if not line.strip():
            continue
        job = json.loads(line)
        try:
            document = worker.convert(job["input"], job["output"], bool(job.get("pdfa")))
        except disposed as error:  # the listener died: the program restarts both
            reply(channel, {"id": job["id"], "ok": False, "error": f"LibreOffice went away: {error}", "fatal": True})
            return False
        except Exception as error:
            reply(channel, {"id": job["id"], "ok": False, "error": f"{type(error).__name__}: {error}", "fatal": False})
        else:
            reply(channel, {"id": job["id"], "ok": True, "error": None, "fatal": False})
            close(document)  # after the reply: the program need not wait for it
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--soffice", required=True)
    parser.add_argument("--profile", required=True, help="file:// URL of a profile folder of its own")
    parser.add_argument("--pipe", required=True, help="a name no other LibreOffice uses")
    parser.add_argument("--startup-timeout", type=float, default=120.0)
    parser.add_argument(
        "--remove-at-end",
        help="the program's temporary folder, removed at the end of stdin (also when the program was killed)",
    )
    arguments = parser.parse_args()
    # Only replies go to stdout: anything else printed (by uno, by LibreOffice) goes to stderr.
    channel = sys.stdout
    sys.stdout = sys.stderr
    try:
        uno = importlib.import_module("uno")
    except ImportError as error:
        reply(channel, {"ready": False, "error": f"cannot import uno: {error}"})
        return 1
    listener = subprocess.Popen(
        listener_command(arguments.soffice, arguments.profile, arguments.pipe),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=sys.stderr,
    )
    worker = Worker(uno, listener, arguments.pipe)
    try:
        try:
            worker.connect(time.monotonic() + arguments.startup_timeout)
        except Exception as error:
            reply(channel, {"ready": False, "error": f"{type(error).__name__}: {error}"})
            return 1
        reply(channel, {"ready": True, "listener": listener.pid})
        finished = serve(worker, sys.stdin, channel)
    finally:
        worker.stop()
    if finished and arguments.remove_at_end:
        shutil.rmtree(arguments.remove_at_end, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
