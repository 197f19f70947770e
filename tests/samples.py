"""Sample inputs written by the tests: real-looking web pages, a feed, an e-paper PDF page.

Shared by the reader tests and the CLI's mixed-folder test, so no test module imports another.
"""

from __future__ import annotations

from pathlib import Path

import pytest

NAV = """<header><div class="logo">某某日报</div><nav><ul><li><a href="/">首页</a></li><li><a href="/news">要闻</a></li>
<li><a href="/city">本地</a></li><li><a href="/sports">体育</a></li><li><a href="/epaper">数字报</a></li></ul></nav>
<form action="/search"><input name="q" placeholder="搜索"></form></header>"""
RELATED = """<div class="related"><h3>相关新闻</h3><ul><li><a href="/a/2.html">某县开展植树造林活动 动员群众义务植树</a></li>
<li><a href="/a/3.html">全市春季森林防火工作会议召开</a></li><li><a href="/a/4.html">农业农村局部署春播备耕工作</a></li></ul></div>"""
COMMENTS = """<div id="comments" class="comments"><h3>网友评论</h3><div class="comment"><span class="user">网友甲</span>
<p>说得好,希望春耕顺利,今年一定是个丰收年,大家一起加油!</p></div><div class="comment"><span class="user">网友乙</span><p>支持!</p></div></div>"""
FOOTER = """<footer><p>关于我们 | 联系我们 | 广告服务 | 网站地图</p><p>版权所有 某某日报社 未经授权禁止转载 备案号:豫ICP备00000000号</p></footer>"""
ARTICLE = f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<title>某市召开春耕生产会议 - 某某日报</title>
<meta name="author" content="张三">
<meta property="article:published_time" content="2023-05-01T08:00:00+08:00">
<link rel="canonical" href="https://news.example.cn/2023/0501/a1.html">
</head><body>{NAV}
<div class="breadcrumb"><a href="/">首页</a> &gt; <a href="/city">本地</a> &gt; 正文</div>
<article><h1>某市召开春耕生产会议</h1><div class="info">2023-05-01 08:00 来源:某某日报 编辑:李四</div>
<p>本报讯 5月1日,某市召开春耕生产会议,部署全年粮食生产工作。会议要求各地抓好春播,确保不误农时。</p>
<p>会议指出,今年全市粮食播种面积稳定在120万亩以上,确保粮食总产稳中有增。各县区要压实责任,加强农资供应。</p>
<p>会议强调,要加强农田水利建设,推广先进适用技术,提高粮食单产水平,切实保障国家粮食安全。</p></article>
<div class="share">分享到:微信 微博</div>{RELATED}{COMMENTS}{FOOTER}</body></html>"""
BYLINE_IN_BODY = f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk"><title>马村区开展疫情防控督导检查_某某网</title></head>
<body>{NAV}<div class="main"><div class="content"><h2 class="title">马村区开展疫情防控督导检查</h2>
<div class="time">2020年02月03日 09:15 来源:焦作日报</div>
<div class="article-body"><p>2月2日,马村区委主要领导带队深入各乡镇街道,督导检查疫情防控工作落实情况。</p>
<p>督导组一行先后来到卡点、社区和农贸市场,详细了解人员排查、物资保障等情况,要求各级干部坚守岗位。(记者 王五)</p></div></div>
<div class="sidebar"><h3>热点排行</h3><ol><li><a href="/1">全市召开疫情防控视频调度会</a></li><li><a href="/2">我市新增确诊病例情况通报</a></li></ol></div></div>
{COMMENTS}{FOOTER}</body></html>"""
LIST_PAGE = f"""<html><head><meta charset="utf-8"><title>本地新闻 - 某某日报</title></head><body>{NAV}
<div class="list"><h2>本地新闻</h2><ul>
<li><a href="/a/1.html">某市召开春耕生产会议</a><span>2023-05-01</span></li>
<li><a href="/a/2.html">某县开展植树造林活动</a><span>2023-04-30</span></li>
<li><a href="/a/3.html">全市春季森林防火工作会议召开</a><span>2023-04-29</span></li>
</ul><div class="pages"><a href="?p=2">下一页</a></div></div>{FOOTER}</body></html>"""
RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>某某日报 本地</title><link>https://news.example.cn/</link><description>本地新闻</description>
<item><title>某市召开春耕生产会议</title><link>https://news.example.cn/a/1.html</link>
<pubDate>Mon, 01 May 2023 07:30:00 +0800</pubDate><author>张三</author>
<description><![CDATA[<p>本报讯 5月1日,某市召开春耕生产会议。</p><p>会议部署全年粮食生产工作。</p>]]></description></item>
<item><title>某县开展植树活动</title><link>https://news.example.cn/a/2.html</link>
<pubDate>Sun, 30 Apr 2023 23:10:00 +0800</pubDate><description>4月30日,某县干部群众义务植树。</description></item>
<item><title>只有标题</title><link>https://news.example.cn/a/3.html</link></item>
</channel></rss>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>某某网</title><id>urn:x</id><updated>2023-05-02T10:00:00+08:00</updated>
<entry><title>全市春季森林防火工作会议召开</title><id>urn:1</id><link href="https://example.cn/f/1"/>
<published>2023-05-02T06:00:00+08:00</published><updated>2023-05-03T06:00:00+08:00</updated><author><name>李四</name></author>
<summary>摘要。</summary><content type="html">&lt;p&gt;5月2日,全市召开春季森林防火工作会议。&lt;br/&gt;会议要求严防死守。&lt;/p&gt;</content></entry>
</feed>"""
HEAD1, SUB1 = "某市召开春耕生产会议", "——部署全年粮食生产工作"
BODY1 = [
    "本报讯 5月1日,某市召开春耕生产会议,部署全年粮食生产工作。会议要求各地抓好春播,确保不误农时,全面完成粮食播种任务。",
    "会议指出,今年全市粮食播种面积稳定在120万亩以上,确保粮食总产稳中有增。各县区要压实责任,加强农资供应,做好技术服务。",
    "会议强调,要加强农田水利建设,推广先进适用技术,提高粮食单产水平,切实保障国家粮食安全。(张三)",
]
HEAD2 = "某县开展植树造林活动"
BODY2 = ["本报讯 4月30日,某县组织干部群众开展义务植树活动,共栽植各类苗木三万余株。", "活动现场,大家挥锹铲土、扶苗培土,干劲十足。(李四)"]


def _column_lines(paragraphs: list[str], per_line: int) -> list[tuple[str, bool]]:
    """Paragraphs wrapped at per_line characters, each first line indented by two characters."""
    lines = []
    for p in paragraphs:
        first, rest = p[: per_line - 2], p[per_line - 2 :]
        lines.append((first, True))
        lines += [(rest[i : i + per_line], False) for i in range(0, len(rest), per_line)]
    return lines


def _epaper(path: Path) -> None:
    pytest.importorskip("reportlab")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    c.setFont("STSong-Light", 9)  # page furniture: header and footer are not articles
    c.drawString(40, 822, "某某日报")
    c.drawRightString(555, 822, "2023年5月1日 星期一 第A01版:要闻")
    c.drawCentredString(297, 20, "责任编辑:王某 版式设计:赵某")
    c.setFont("STSong-Light", 22)
    c.drawCentredString(297, 790, HEAD1)  # spans both columns
    c.setFont("STSong-Light", 14)
    c.drawCentredString(297, 765, SUB1)
    size, lead, per_line = 10, 15, 22
    left_x, right_x, width = 40.0, 320.0, per_line * size
    lines = _column_lines(BODY1, per_line)
    y0 = 730
    half = (len(lines) + 1) // 2  # the first article fills the left column, then the top of the right one
    c.setFont("STSong-Light", size)
    for i, (text, indent) in enumerate(lines):
        x, y = (left_x, y0 - i * lead) if i < half else (right_x, y0 - (i - half) * lead)
        c.drawString(x + (2 * size if indent else 0), y, text)
    y = y0 - (len(lines) - half) * lead - 20
    c.setFont("STSong-Light", 16)
    c.drawString(right_x, y, HEAD2)  # a one-column headline in the right column
    c.setFont("STSong-Light", size)
    y -= 25
    for text, indent in _column_lines(BODY2, per_line):
        c.drawString(right_x + (2 * size if indent else 0), y, text)
        y -= lead
    assert width < right_x - left_x  # a real gutter between the columns
    c.save()
