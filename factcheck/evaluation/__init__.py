"""Evaluation harness: verifiers measured on labelled sets, retrieval and whole articles.

``factcheck eval DATASET...`` reads sets in the shared JSONL layout (`datasets`), runs one
evaluator per mode (`evaluators`), scores the predictions (`scoring`, built on the pure
functions of `metrics`) and writes JSON, Markdown and HTML reports. Start from
`runner.run_evaluation`; nothing is imported here, so `factcheck --help` stays fast.
"""
