"""/downloads/: the latest full dump of the archive (export_archive), its files to download.

The dump is written beside the site (DUMPS_DIR, e.g. nightly by cron) and read from there:
the page lists what its manifest names, and only those files are served.
"""

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import render

from results.importers.dumps import MANIFEST, DumpError, read_manifest_unchecked


def downloads(request):
    try:
        manifest = read_manifest_unchecked(settings.DUMPS_DIR)
    except DumpError:
        manifest = None
    files = []
    if manifest is not None:
        files = [{"name": name, **facts} for name, facts in sorted(manifest["files"].items())]
    context = {"manifest": manifest, "files": files, "manifest_name": MANIFEST, "dumps_dir": settings.DUMPS_DIR}
    return render(request, "results/downloads.html", context)


def download_file(request, name: str):
    """One file of the latest dump: only a name its manifest lists (or the manifest itself)."""
    try:
        manifest = read_manifest_unchecked(settings.DUMPS_DIR)
    except DumpError as error:
        raise Http404("No dump is published yet.") from error
    if name != MANIFEST and name not in manifest["files"]:
        raise Http404("The latest dump has no such file.")
    try:
        found = open(settings.DUMPS_DIR / name, "rb")  # noqa: SIM115 -- FileResponse closes it
    except FileNotFoundError as error:  # a dump being written in place
        raise Http404("That file of the dump is being written again; try again in a minute.") from error
    return FileResponse(found, as_attachment=True, filename=name.rsplit("/", 1)[-1])
