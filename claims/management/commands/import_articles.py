"""Import articles from web addresses and files: plain text, saved web pages, ClaimReview JSON-LD."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from claims import batches, models
from claims.importing import FORMATS, import_file


class Command(BaseCommand):
    help = (
        "Import articles from web addresses (http:// or https://), and from files or folders: "
        "plain text as in fixtures/seed-articles.txt, web pages saved from news sites, and "
        "ClaimReview JSON-LD. Addresses are fetched here, one after the other, as one batch "
        "that the import page lists too. Prints a summary."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="+", help="Web addresses, files, or folders to read every file in."
        )
        parser.add_argument(
            "--outlet", help="The outlet of articles whose file does not name one (name or alias)."
        )
        parser.add_argument("--format", choices=sorted(FORMATS), default="auto")

    def handle(self, *args, paths: list[str], outlet: str | None, format: str, **options):
        files = []
        addresses = [given for given in paths if given.lower().startswith(("http://", "https://"))]
        for given in paths:
            if given in addresses:
                continue
            path = Path(given)
            if path.is_dir():
                files.extend(sorted(p for p in path.rglob("*") if p.is_file()))
            elif path.is_file():
                files.append(path)
            else:
                raise CommandError(f"No such file or folder: {given}")
        source = self._outlet(outlet) if outlet else None
        imported = duplicates = 0
        refused: list[str] = []
        for path in tqdm(files, desc="Importing", unit="file", disable=len(files) < 2):
            try:
                data = path.read_bytes()
            except OSError as error:
                refused.append(f"{path}: {error.strerror}")
                continue
            for outcome in import_file(str(path), data, by=None, outlet=source, kind=format):
                if outcome.status == "imported":
                    imported += 1
                elif outcome.status == "duplicate":
                    duplicates += 1
                else:
                    refused.append(f"{path}: {outcome.detail}")
        if addresses:
            batch = batches.start_batch(
                addresses=addresses,
                by=None,
                origin=models.ImportOrigin.COMMAND,
                outlet=source,
                run=False,
            )
            items = list(batch.items.order_by("position").values_list("pk", flat=True))
            for item_id in tqdm(items, desc="Fetching", unit="page", disable=len(items) < 2):
                batches.work(item_id)
            for item in batch.items.order_by("position"):
                if item.state == models.ImportState.IMPORTED:
                    imported += 1
                elif item.state == models.ImportState.DUPLICATE:
                    duplicates += 1
                else:
                    refused.append(f"{item.address}: {item.reason}")
        self.stdout.write(
            f"Imported {imported}, skipped {duplicates} already here, refused {len(refused)}."
        )
        for line in refused:
            self.stdout.write(f"  refused {line}")

    def _outlet(self, name: str) -> models.Source:
        found = (
            models.Source.objects.filter(kind=models.SourceKind.OUTLET, name__iexact=name).first()
            or models.Source.objects.filter(
                kind=models.SourceKind.OUTLET, aliases__name__iexact=name
            ).first()
        )
        if found is None:
            raise CommandError(f"No outlet is called “{name}”. Add it in the admin first.")
        return found
