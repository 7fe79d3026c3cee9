"""The denktank's sector view: frozen publications with a disclosure guarantee.

- :mod:`readiness.sector.rules`: the disclosure rules (pure)
- :mod:`readiness.sector.mechanisms`: the OpenDP mechanisms (the only module that imports opendp)
- :mod:`readiness.sector.plan`: the usefulness floor, which parts a publication releases (pure)
- :mod:`readiness.sector.publications`: computing a publication's figures (pure)
- :mod:`readiness.sector.charts`: plotly figures of a publication
- :mod:`readiness.sector.blocks`: the report's words and block model (pure)
- :mod:`readiness.sector.report`: PDF, DOCX, CSV, JSON and XLSX of a publication

The services layer (:mod:`readiness.services.publications`) is the API for the UI and
the command line; nothing here touches the database.
"""
