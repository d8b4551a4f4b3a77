"""Words that mark a kind of statement, in Chinese (both scripts) and English.

Matched against simplified, lower-cased text. Defined once; the extractor and the
check-worthiness score both read them from here.
"""

from __future__ import annotations

import re

RANKING = re.compile(
    r"首次|首部|首个|首款|首家|首[周日月年]|第一|登顶|榜首|冠军|最大|最高|最快|最长|最多|最早|"
    r"领先|超越|远超|超过|高于|低于|多于|少于|快于|同期|"
    r"\bfirst\b|\blargest\b|\bbiggest\b|\brecord\b|\btop\b|no\. ?1\b|number one|\bfastest\b|"
    r"\bsurpass|\boutpac|\bmore than any\b"
)
ATTRIBUTION = re.compile(
    r"据|表示|透露|称|指出|介绍|宣布|直言|坦言|说|报道|数据显示|援引|认为|"
    r"according to|\bsaid\b|\bsays\b|\btold\b|\breported\b|\bannounced\b|\bstated\b"
)
# Opinion, prediction and hedging: what is said is not (yet) a checkable fact.
OPINION = re.compile(
    r"认为|相信|觉得|一定会|必将|或将|可能|也许|或许|应该|预测|预计|有望|未来|希望|担心|"
    r"是不是|难道|不如说|与其说|会不会|会成为|恐怕|将会|将成为|将迎来|将超越|"
    r"\bbelieve|\bthink|\bexpect|\bpredict|\bmight\b|\bmay\b|"
    r"\bcould\b|\bshould\b|\bwould\b|\blikely\b|\bperhaps\b|\bin the future\b"
)
# What a product or organisation is or does: "Sora 2實現了原生音畫同步".
PRODUCT = re.compile(
    r"实现|支持|推出|发布|上线|采用|具备|搭载|开放|升级|集成|"
    r"\blaunch|\brelease|\bsupport|\bintroduc|\bunveil|\bship|\badd(?:s|ed)?\b"
)
# A plan with a date is a checkable fact, not a prediction: "嫦娥八號計劃於2028年發射".
SCHEDULED = re.compile(
    r"计划|按计划|按照计划|定于|将于|将在|预定|\bscheduled\b|\bplanned\b|\bis set to\b|\bdue to\b"
)
QUESTION = re.compile(r"[?？]|吗$")
