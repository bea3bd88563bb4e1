"""English UI, same ISO dates and number conventions as the Swedish one (the data is Swedish)."""

from config.formats.sv.formats import *  # noqa: F403
