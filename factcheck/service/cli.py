"""``factcheck serve``: the HTTP API on uvicorn."""

from __future__ import annotations

import ipaddress

import click

from factcheck.config import Settings


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on.")  # fmt: skip
@click.pass_obj
def serve_command(settings: Settings, host: str, port: int):
    """Serve the HTTP API (/v1/check, /v1/articles, /v1/evidence, /v1/health).

    Requests need "Authorization: Bearer <token>" when FACTCHECK_SERVICE_TOKEN is set;
    /v1/health and /openapi.json stay open. The models and the store load before the
    server listens.
    """
    import uvicorn

    from factcheck.service.app import create_app
    from factcheck.service.shared_pipeline import SharedPipeline

    if not settings.service_token and not _is_loopback(host):
        click.echo(
            f"warning: serving on {host} without a token; set FACTCHECK_SERVICE_TOKEN", err=True
        )
    app = create_app(settings, SharedPipeline.load(settings))
    uvicorn.run(app, host=host, port=port)
