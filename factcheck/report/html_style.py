"""The stylesheet of the HTML report, inlined into every page (no external resources).

Verdict colours: ``.v-supported``, ``.v-refuted``, ``.v-not_enough_info``,
``.v-conflicting`` and ``.v-unverified`` set ``--bg`` (highlight) and ``--fg`` (accent).
"""

LATIN_FONTS = '-apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial'
HANT_FONTS = (
    '"Noto Sans CJK TC", "Noto Sans TC", "Source Han Sans TC", "PingFang TC", "Microsoft JhengHei"'
)
HANS_FONTS = (
    '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", '
    '"Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei"'
)

STYLE = f"""
:root {{ color-scheme: light; --ink: #1f2328; --muted: #59636e; --line: #d8dee4; }}
* {{ box-sizing: border-box; }}
body {{ margin: 0; background: #f6f8fa; color: var(--ink); line-height: 1.6;
  font-family: {LATIN_FONTS}, {HANT_FONTS}, {HANS_FONTS}, sans-serif; }}
body:lang(zh-Hans) {{
  font-family: {LATIN_FONTS}, {HANS_FONTS}, {HANT_FONTS}, sans-serif; }}
a {{ color: #0b57d0; }}
.page {{ max-width: 1280px; margin: 0 auto; padding: 24px; }}
.head {{ display: flex; gap: 24px; align-items: center; justify-content: space-between;
  background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 16px 24px; }}
.head h1 {{ font-size: 1.5rem; margin: 0 0 6px; line-height: 1.35; }}
.byline {{ color: var(--muted); font-size: .9rem; margin: 0; overflow-wrap: anywhere; }}
.gauge {{ text-align: center; flex: none; }}
.gauge svg {{ display: block; width: 180px; height: auto; }}
.gauge .caption {{ font-size: .85rem; color: var(--muted); }}
.summary {{ margin: 12px 0 0; font-size: .9rem; color: var(--muted); }}
.legend {{ display: flex; flex-wrap: wrap; gap: 8px; margin: 12px 0 0; padding: 0;
  list-style: none; }}
.legend li {{ background: var(--bg); border-left: 4px solid var(--fg); padding: 2px 10px;
  border-radius: 4px; font-size: .9rem; }}
.layout {{ display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 24px;
  margin-top: 24px; align-items: start; }}
@media (max-width: 960px) {{ .layout {{ grid-template-columns: 1fr; }}
  .text {{ position: static; max-height: none; }} }}
h2 {{ font-size: 1.1rem; margin: 0 0 12px; }}
.text {{ background: #fff; border: 1px solid var(--line); border-radius: 10px;
  padding: 16px 24px; position: sticky; top: 12px; max-height: calc(100vh - 24px);
  overflow-y: auto; }}
.text p {{ white-space: pre-line; margin: 0 0 1em; font-size: 1.02rem; line-height: 1.9; }}
.text p.heading {{ font-weight: 700; }}
.text .missing {{ color: var(--muted); }}
mark.claim {{ background: var(--bg); border-bottom: 2px solid var(--fg); color: inherit;
  padding: 1px 0; border-radius: 2px; }}
mark.claim a {{ color: inherit; text-decoration: none; }}
mark.claim::after {{ content: attr(data-n); font-size: .7em; vertical-align: super;
  color: var(--fg); font-weight: 700; padding-left: 1px; }}
mark.claim.v-unverified {{ background: none; border-bottom: 1px dotted var(--fg); }}
mark.claim:target {{ outline: 2px solid var(--fg); }}
.claims {{ display: flex; flex-direction: column; gap: 12px; }}
.card {{ background: #fff; border: 1px solid var(--line); border-left: 6px solid var(--fg);
  border-radius: 8px; padding: 12px 16px; }}
.card:target {{ box-shadow: 0 0 0 3px var(--bg); }}
.card.v-unverified {{ padding: 6px 16px; color: var(--muted); font-size: .92rem; }}
.card-head {{ display: flex; flex-wrap: wrap; gap: 8px; align-items: baseline; }}
.card-head .n {{ font-weight: 700; color: var(--muted); }}
.card-head .n a {{ color: inherit; text-decoration: none; }}
.badge {{ background: var(--fg); color: #fff; font-weight: 700; font-size: .85rem;
  padding: 1px 8px; border-radius: 10px; }}
.v-unverified .badge {{ background: none; color: var(--fg); border: 1px solid var(--fg); }}
.meta {{ color: var(--muted); font-size: .85rem; }}
.card blockquote {{ margin: 8px 0; padding: 4px 12px; background: var(--bg);
  border-radius: 4px; }}
.card.v-unverified blockquote {{ background: none; padding: 0; margin: 4px 0; }}
.rationale {{ margin: 6px 0; }}
table.findings {{ border-collapse: collapse; margin: 8px 0; font-size: .92rem; }}
table.findings th, table.findings td {{ border: 1px solid var(--line); padding: 3px 10px;
  text-align: left; }}
table.findings thead th {{ background: #f6f8fa; font-weight: 600; }}
table.findings tr.differs td {{ background: #fdecea; font-weight: 700; }}
table.findings tr.differs td.compare {{ color: #b3261e; }}
table.findings td.compare {{ text-align: center; color: #1a7f37; }}
ul.evidence {{ margin: 6px 0 0; padding-left: 18px; font-size: .92rem; }}
ul.evidence li {{ margin: 4px 0; overflow-wrap: anywhere; }}
.stance {{ font-size: .8rem; font-weight: 700; padding: 0 6px; border-radius: 8px;
  border: 1px solid currentColor; margin-right: 4px; }}
.stance-supports {{ color: #1a7f37; }} .stance-refutes {{ color: #b3261e; }}
.stance-neutral {{ color: var(--muted); }}
details {{ margin-top: 6px; font-size: .9rem; }}
summary {{ cursor: pointer; color: var(--muted); }}
footer {{ margin: 24px 0 8px; color: var(--muted); font-size: .8rem; }}
.v-supported {{ --bg: #dcf3e2; --fg: #1a7f37; }}
.v-refuted {{ --bg: #fddcd9; --fg: #c62828; }}
.v-not_enough_info {{ --bg: #fff0c2; --fg: #9a6700; }}
.v-conflicting {{ --bg: #eadcf8; --fg: #7b2fb0; }}
.v-unverified {{ --bg: #eef1f4; --fg: #8c959f; }}
@media print {{ body {{ background: #fff; }} .text {{ position: static; max-height: none; }}
  .layout {{ grid-template-columns: 1fr; }} }}
"""
