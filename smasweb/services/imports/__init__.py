"""The shared Excel import pipeline: read and check rows, cells, templates."""
