"""The kinds of file that can be imported, by key."""

from .decisions import DecisionsImporter
from .measures import MeasuresImporter
from .readings import ReadingsImporter
from .reports import ReportsImporter

IMPORTERS = {
    importer.kind: importer
    for importer in (MeasuresImporter, ReportsImporter, ReadingsImporter, DecisionsImporter)
}
