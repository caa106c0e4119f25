"""CDS Hooks: decisions as cards, and a CDS Hooks 2.0 service.

Cards (`cards`) need no extra. The service
(`service`) needs the ``cds`` extra (Starlette, uvicorn, httpx),
imported only when the app is created.
"""

from __future__ import annotations

from lupus_nephritis.cds.cards import decision_card, eligibility_cards
from lupus_nephritis.cds.service import ServiceConfig, create_app, discovery, serve

__all__ = [
    "ServiceConfig",
    "create_app",
    "decision_card",
    "discovery",
    "eligibility_cards",
    "serve",
]
