"""The build-time scan refuses any markup the project did not write, and a refused build publishes nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.sitebuild import build
from generator.site.safety import scan_html
from tests.conftest import REPO

PAGE = "2024/xx-swbgs/index.html"


def problems(fragment: str, hosts: frozenset[str] = frozenset()) -> str:
    return "\n".join(scan_html(PAGE, fragment, hosts))


def test_inline_script_is_refused():
    assert "内嵌脚本" in problems("<p>文字</p><script>alert(1)</script>")


def test_script_inside_svg_is_refused():
    assert "内嵌脚本" in problems("<svg><script>alert(1)</script></svg>")


def test_script_from_outside_the_site_is_refused():
    assert "不是本网站自带的文件" in problems('<script src="https://cdn.example/x.js"></script>')


def test_script_from_a_site_folder_other_than_assets_is_refused():
    assert "脚本目录" in problems('<script src="../../2024/x.js"></script>')


def test_theme_scripts_under_assets_are_allowed():
    assert problems('<script src="../../assets/javascripts/bundle.min.js"></script><script src="../../assets/accessibility.js"></script>') == ""


def test_material_inline_scripts_are_allowed_with_any_relative_base():
    base = '<script>__md_scope=new URL("../..",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}</script>'
    assert problems(base) == ""


def test_material_inline_script_with_a_quote_in_its_base_is_refused():
    base = '<script>__md_scope=new URL("",alert(1),"",location),__md_hash=e=>0</script>'
    assert "内嵌脚本" in problems(base)


def test_json_config_script_must_be_json():
    assert problems('<script id="__config" type="application/json">{"base": ".."}</script>') == ""
    assert "不是 JSON" in problems('<script type="application/json">alert(1)</script>')


def test_event_handler_attribute_is_refused():
    assert "事件属性 onerror" in problems("<img src=x onerror=alert(1)>")


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:alert(1)", "java&#x09;script:alert(1)",
    "data:text/html;base64,PHNjcmlwdD4=", "vbscript:msgbox(1)", "file:///etc/passwd",
])
def test_link_with_a_non_http_scheme_is_refused(url):
    assert "不允许的协议" in problems(f'<a href="{url}">链接</a>')


def test_link_to_a_host_off_the_allow_list_is_refused():
    assert "不在 site.yml 的“外部链接白名单”中" in problems('<a href="https://evil.example/">链接</a>')


def test_protocol_relative_link_is_a_host_link():
    assert "evil.example" in problems('<a href="//evil.example/">链接</a>')


def test_link_to_a_host_on_the_allow_list_is_allowed():
    assert problems('<a href="https://www.gov.cn/zhengce/">链接</a>', frozenset({"www.gov.cn"})) == ""


def test_link_from_the_domain_root_is_refused_because_the_site_may_live_under_a_sub_path():
    assert "子目录" in problems('<a href="/2024/">链接</a>')


def test_relative_links_and_fragments_are_allowed():
    assert problems('<a href="../../2024/">年度</a><a href="#绩效指标">指标</a><img src="../../assets/x.png">') == ""


def test_frame_and_object_elements_are_refused():
    assert "<iframe>" in problems('<iframe src="../x/"></iframe>')


def test_style_attribute_loading_a_resource_is_refused():
    assert "style 属性" in problems('<div style="background:url(https://evil.example/x.png)"></div>')


CSS_THAT_LOADS_OR_RUNS = ["url(https://evil.example/x.png)", "@import 'https://evil.example/x.css'", "width: expression(alert(1))",
                          "background: javascript:alert(1)", "behavior: url(x.htc)", "BEHAVIOR : x.htc", "@IMPORT x.css"]


@pytest.mark.parametrize("css", CSS_THAT_LOADS_OR_RUNS)
def test_style_element_loading_a_resource_or_running_script_is_refused(css):
    assert "<style> 中含有外部资源或脚本" in problems(f"<style>p {{ {css} }}</style>")


@pytest.mark.parametrize("css", CSS_THAT_LOADS_OR_RUNS)
def test_style_attribute_loading_a_resource_or_running_script_is_refused(css):
    assert "style 属性含有外部资源或脚本" in problems(f'<p style="{css}">文字</p>')


def test_plain_css_in_a_style_element_and_attribute_is_allowed():
    assert problems('<style>.jx-bar { width: 63.66%; color: #333 }</style><p style="width: 50%">文字</p>') == ""


def test_problem_names_the_page_line_and_column():
    assert problems("<p>\n  <b onclick=x>加粗</b></p>").startswith(f"{PAGE}:2:3：")


@pytest.fixture
def outside_script_config(tmp_path: Path) -> Path:
    """mkdocs.yml as the repository has it, but its theme adds a script from another host."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("docs_dir: theme/static", f"docs_dir: {REPO / 'theme' / 'static'}")
    text = text.replace("custom_dir: theme/overrides", f"custom_dir: {REPO / 'theme' / 'overrides'}")
    if re.search(r"^extra_javascript:\n", text, re.M):
        text = re.sub(r"^extra_javascript:\n", "extra_javascript:\n  - https://cdn.example/tracker.js\n", text, flags=re.M)
    else:
        text += "\nextra_javascript:\n  - https://cdn.example/tracker.js\n"
    config = tmp_path / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    return config


def test_build_with_an_outside_script_fails_and_leaves_the_published_site_as_it_was(
    content_dir, outside_script_config, tmp_path, monkeypatch, capsys
):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("已发布的网站", encoding="utf-8")
    assert build(content_dir, site, config_file=outside_script_config) == 1
    assert "cdn.example" in capsys.readouterr().err
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "已发布的网站"


def test_scan_on_many_cores_reports_the_same_problems_in_page_order(tmp_path, monkeypatch):
    from generator.site import safety

    for n in range(12):
        folder = tmp_path / f"p{n:02d}"
        folder.mkdir()
        body = "<p>正常</p>" if n % 5 and n != 11 else f'<a href="javascript:x{n}">链接</a>'
        (folder / "index.html").write_text(body, encoding="utf-8")
    one_pass = safety.scan_site(tmp_path)
    # Split over workers even on a machine with one core, where the scan would otherwise run in one pass again.
    monkeypatch.setattr(safety, "PARALLEL_FROM", 1)
    monkeypatch.setattr(safety.os, "cpu_count", lambda: 4)
    assert safety.scan_site(tmp_path) == one_pass
    assert [p.split("/")[0] for p in one_pass] == ["p00", "p05", "p10", "p11"]


def test_allow_list_is_read_from_the_site_settings_of_the_content_being_built(content_dir, monkeypatch):
    from generator.site.safety import allowed_hosts_from_settings

    with (content_dir / "site.yml").open("a", encoding="utf-8") as settings:
        settings.write("\n外部链接白名单: [www.gov.cn]\n")
    settings_text = (content_dir / "site.yml").read_text(encoding="utf-8")
    (content_dir / "site.yml").write_text(settings_text.replace("外部链接白名单: []\n", ""), encoding="utf-8")
    assert allowed_hosts_from_settings(content_dir) == frozenset({"www.gov.cn"})


def test_allow_list_is_empty_when_the_settings_cannot_be_read(tmp_path):
    from generator.site.safety import allowed_hosts_from_settings

    assert allowed_hosts_from_settings(tmp_path / "nowhere") == frozenset()


# A built page is read by lxml first (generator/safety.py's fast path) and by the standard library's parser
# when lxml finds something or read the page differently; whole pages take the fast path, fragments do not.
WHOLE_PAGE = '<!doctype html>\n<html lang="zh"><head><meta charset="utf-8"><title>页面</title></head><body>\n{}\n</body></html>\n'

INJECTED = [
    "<p>文字</p><script>alert(1)</script>",
    "<svg><script>alert(1)</script></svg>",
    '<script src="https://cdn.example/x.js"></script>',
    '<script src="../../2024/x.js"></script>',
    '<script>__md_scope=new URL("",alert(1),"",location),__md_hash=e=>0</script>',
    '<script type="application/json">alert(1)</script>',
    "<img src=x onerror=alert(1)>",
    "<p>\n  <b ONCLICK=x>加粗</b></p>",
    '<a href="java&#x09;script:alert(1)">链接</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD4=">链接</a>',
    '<a href="https://evil.example/">链接</a>',
    '<a href="//evil.example/">链接</a>',
    '<a href="/2024/">链接</a>',
    '<iframe src="../x/"></iframe>',
    '<div style="background:url(https://evil.example/x.png)"></div>',
    "<style>@import url(https://evil.example/x.css);</style>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<img srcset="../a.png 1x, https://evil.example/b.png 2x">',
]


def _messages(found: list[str]) -> list[str]:
    return [problem.split("：", 1)[1] for problem in found]


@pytest.mark.parametrize("fragment", INJECTED)
def test_a_problem_in_a_whole_page_is_found_as_in_a_fragment(fragment):
    in_page = scan_html(PAGE, WHOLE_PAGE.format(fragment))
    assert in_page
    assert _messages(in_page) == _messages(scan_html(PAGE, fragment))


def test_a_problem_in_a_whole_page_names_its_line_and_column():
    assert scan_html(PAGE, WHOLE_PAGE.format("<p>\n  <b onclick=x>加粗</b></p>"))[0].startswith(f"{PAGE}:4:3：")


def test_a_second_body_with_an_event_handler_is_refused():
    # Browsers copy a second <body>'s attributes onto the page's body; libxml2 drops them.
    assert "事件属性 onload" in "\n".join(scan_html(PAGE, WHOLE_PAGE.format("<body onload=alert(1)><p>文字</p>")))


def test_a_built_page_passes(seed_site):
    for path in sorted(seed_site.rglob("*.html")):
        assert scan_html(path.relative_to(seed_site).as_posix(), path.read_text(encoding="utf-8")) == [], path
