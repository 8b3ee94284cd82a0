"""The commands besides build and validate, one module each, as MkDocs lays out its own.

``new`` writes a whole site repository (``repository`` holds its files), ``serve`` previews
with live rebuilds, ``import_figures`` takes figures from a Fingertips CSV, ``links``
checks external links, ``schema`` writes the JSON Schemas editors' tools use, and
``diff`` says what a change to the data changes on the pages. ``generator.cli`` parses
the command line and calls them; none of them prints.
"""
