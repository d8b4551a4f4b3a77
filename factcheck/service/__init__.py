"""The HTTP service (``factcheck serve``): the pipeline behind a small JSON API under ``/v1``.

`create_app` builds the FastAPI application; the modules beside it hold the request and
response models, the bearer-token check, the request limits and the stored reports.
"""
