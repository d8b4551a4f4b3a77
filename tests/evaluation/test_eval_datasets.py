"""Reading sets in the shared layout, and suite files."""

from __future__ import annotations

from pathlib import Path

from factcheck.evaluation.datasets import dataset_name, read_dataset, sample, split_records
from factcheck.evaluation.suites import read_suite
from factcheck.models import Label
from factcheck.verify.trained.data import DEV_SHARE, claim_bucket

ROOT = Path(__file__).resolve().parents[2]


def test_reads_records_and_records_malformed_lines(tiny_set):
    dataset = read_dataset(tiny_set)
    assert dataset.name == "tiny"
    assert [r.id for r in dataset.records] == ["a", "b", "c", "d", "e", "f"]
    assert dataset.records[1].label == Label.REFUTED
    assert dataset.records[2].lang == "zh"
    assert dataset.records[0].evidence[0].source == "d1"
    assert [s.line for s in dataset.skipped] == [3, 5]
    assert dataset.skipped[0].reason.startswith("not JSON")
    assert dataset.skipped[1].reason.startswith("label: ")
    assert dataset.corpus is None


def test_names_by_stem_or_by_folder():
    assert dataset_name(Path("x/chef/claims.jsonl")) == "chef"
    assert dataset_name(Path("x/my-set.jsonl")) == "my-set"


def test_split_of_a_set_with_train_and_dev(tiny_set):
    records = read_dataset(tiny_set).records
    split, dev = split_records(records, "dev")
    assert split == "dev" and dev == [r for r in records if r.split == "dev"] and len(dev) == 5


def test_single_split_sets_are_held_out_by_claim_hash(tiny_set):
    records = [r for r in read_dataset(tiny_set).records if r.split == "dev"]
    many = tuple(
        r.model_copy(update={"claim": f"{r.claim} ({n})", "id": f"{r.id}-{n}"})
        for n in range(20)
        for r in records
    )
    split, dev = split_records(many, "dev")
    assert split == "dev, hash-held-out quarter"
    assert dev == [r for r in many if claim_bucket(r.claim) < DEV_SHARE]
    assert 0 < len(dev) < len(many) / 2  # about a quarter, never the trained-on rest
    split, train = split_records(many, "train")
    assert split == "dev, hash-training three quarters"
    assert sorted(r.id for r in dev + train) == sorted(r.id for r in many)


def test_sample_is_seeded_and_keeps_file_order(tiny_set):
    records = list(read_dataset(tiny_set).records)
    chosen = sample(records, 3, seed=0)
    assert len(chosen) == 3 and chosen == sample(records, 3, seed=0)
    assert [records.index(r) for r in chosen] == sorted(records.index(r) for r in chosen)
    assert sample(records, None) == records


def test_shipped_suites_resolve_against_the_repository_root():
    dev = read_suite(ROOT / "eval" / "suites" / "dev.toml")
    assert dev.mode == "evidence" and dev.split == "dev"
    assert Path(dev.datasets[0]).resolve() == (ROOT.parent / "shared" / "eval" / "chef").resolve()
    articles = read_suite(ROOT / "eval" / "suites" / "articles.toml")
    case = next(c for c in articles.articles if c.name == "ai-video-race")
    assert Path(case.gold).resolve() == ROOT / "eval" / "articles" / "ai-video-race.gold.jsonl"
    assert Path(case.evidence[0]).resolve().is_dir()
    test = read_suite(ROOT / "eval" / "suites" / "test.toml")
    assert test.mode == "evidence" and test.split == "test"
    shared_check_covid = ROOT.parent / "shared" / "eval" / "check_covid"
    assert [Path(d).resolve() for d in test.datasets] == [shared_check_covid.resolve()]
