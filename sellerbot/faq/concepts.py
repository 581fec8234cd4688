"""Farmers' words for the same thing, in English and Chinese, grouped into shared concepts.

A question and a phrasing that use different words for one thing ("pics" and "photo",
"退钱" and "退款", "直播" and "live") share the concept's feature, whatever the language.
Single Chinese characters are avoided where they also belong to unrelated words
(卡 in 银行卡, 证 in 身份证, 麦 in 小麦).
"""

from __future__ import annotations

import re

CONCEPTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # concept: (English words, as typed or after stemming; Chinese words)
    "photo": (
        ("photo", "photograph", "photographing", "selfie"),
        ("照片", "图片", "相片", "拍照", "拍的图", "主图", "商品图", "拍图"),
    ),
    "live": (("live", "livestream", "stream", "streaming", "broadcast"), ("直播", "开播", "播")),
    "light": (
        ("light", "lighting", "lamp", "ringlight", "dark", "bright", "dim", "shadow"),
        ("光线", "灯光", "补光", "灯", "太暗", "暗", "亮", "黑乎乎", "昏暗"),
    ),
    "courier": (
        ("courier", "post", "ship", "delivery", "package", "tracking"),
        ("快递", "物流", "发货", "寄", "包裹"),
    ),
    "postage": (("postage", "freight"), ("运费", "邮费", "快递费", "包邮")),
    "review": (("review", "star", "feedback"), ("评价", "差评", "好评", "一星", "打星")),
    "refund": (("refund", "return", "compensate", "compensation"), ("退款", "退钱", "退货", "赔")),
    "price": (
        ("price", "charge", "expensive", "cheap", "cheaper"),
        ("价格", "价钱", "定价", "多少钱", "几块钱", "贵", "便宜"),
    ),
    "buyer": (("buyer", "customer", "client"), ("买家", "顾客", "客户", "客人")),
    "viewer": (("viewer", "audience", "watcher", "watching"), ("观众", "看的人", "人看")),
    "follower": (("follower", "fan", "subscriber"), ("粉丝", "涨粉", "关注")),
    "microphone": (("microphone", "mic", "mike"), ("麦克风", "话筒", "领夹麦")),
    "sound": (
        ("sound", "voice", "hear", "noise", "noisy", "loud"),
        ("声音", "听不清", "噪音", "吵", "风声"),
    ),
    "internet": (
        ("internet", "wifi", "signal", "network", "data", "lag", "lagging", "freeze", "freezing"),
        ("网络", "信号", "网不好", "网速", "卡顿", "很卡", "太卡", "流量", "断网"),
    ),
    "equipment": (
        ("equipment", "gear", "tripod", "stand", "stuff"),
        ("设备", "支架", "三脚架", "器材"),
    ),
    "video": (("video", "clip", "vid", "film", "filming"), ("视频", "小视频", "短视频")),
    "replay": (
        ("replay", "recording", "record", "recorded", "rewatch", "copy", "save", "saved"),
        ("回放", "录下来", "录像", "保存", "回看", "重播", "存下来"),
    ),
    "title": (("title", "headline", "keyword"), ("标题", "宝贝名称", "商品名", "关键词")),
    "description": (
        ("description", "describe", "detail", "details"),
        ("详情", "描述", "介绍"),
    ),
    "name": (("name", "naming", "rename", "call"), ("店名", "名字", "起名", "取名", "叫什么")),
    "store": (("store", "shop", "webshop"), ("网店", "店铺", "开店", "店")),
    "stock": (
        ("stock", "inventory", "quantity", "oversold", "oversell"),
        ("库存", "超卖", "卖完", "没货", "货不够", "卖超", "多卖", "缺货", "断货", "发不出"),
    ),
    "banned": (
        ("banned", "ban", "forbidden", "prohibited", "illegal", "removed", "taboo", "sensitive"),
        ("违禁", "禁止", "不能卖", "不让卖", "下架", "禁售", "被封", "违规", "忌讳", "敏感词"),
    ),
    "licence": (
        ("licence", "license", "permit", "certificate", "certification", "certified", "papers"),
        ("许可证", "证书", "认证", "办证", "啥证", "什么证"),
    ),
    "organic": (("organic", "green"), ("有机", "绿色")),
    "season": (
        ("season", "seasonal", "harvest", "preorder", "presale", "winter"),
        ("淡季", "预售", "过季", "季节", "冬天"),
    ),
    "discount": (
        ("discount", "coupon", "voucher", "promotion", "promo", "offer", "deal"),
        ("优惠", "优惠券", "打折", "折扣", "促销", "活动", "大促"),
    ),
    "payment": (
        ("paid", "payment", "withdraw", "fee", "fees", "payout"),
        ("到账", "提现", "货款", "手续费", "拿到钱"),
    ),
    "group": (("group", "community", "bulk"), ("团购", "团长", "拼单", "拼团", "社区")),
    "shy": (
        ("shy", "nervous", "scared", "afraid", "embarrassed", "fear", "nerves"),
        ("害羞", "紧张", "不敢", "怕镜头", "不好意思"),
    ),
    "comment": (("comment", "interact", "engage"), ("评论", "互动", "留言", "冷场")),
    "first": (("first", "beginner", "never"), ("第一次", "头一回", "首次", "新手", "第一")),
    "duration": (("long", "minute", "often"), ("多久", "多长时间", "几分钟", "小时")),
    "script": (
        ("script", "plan", "outline", "schedule", "rundown", "notes"),
        ("脚本", "流程", "步骤", "顺序", "先干啥", "稿子", "台词", "提纲", "讲稿"),
    ),
    "helper": (
        ("helper", "assistant", "partner", "alone", "daughter", "son", "wife", "husband"),
        (
            "帮手",
            "帮忙",
            "帮我播",
            "搞不过来",
            "忙不过来",
            "一个人",
            "两个人",
            "儿子",
            "女儿",
            "老伴",
        ),
    ),
    # When to go live, not how long: hours and days of the week.
    "hour": (
        ("hour", "evening", "morning", "weekend", "weekday", "clock"),
        ("几点", "时间段", "什么时候播", "晚上", "早上", "周末", "黄金时间"),
    ),
    "talk": (
        ("say", "tell", "speak", "quiet", "silent"),
        ("没话说", "不知道说", "说点", "讲点", "聊点"),
    ),
    "show": (
        ("show", "display", "flesh", "closeup", "taste"),
        ("展示", "切开", "试吃", "特写"),
    ),
    "packing": (("pack", "box", "wrap", "bubble"), ("包装", "打包", "装箱", "箱子", "怎么包")),
    "broken": (
        ("break", "broke", "broken", "crush", "crushed", "squash", "bruise", "smash"),
        ("碎", "压坏", "破了", "压烂"),
    ),
    "rot": (("rot", "rotten", "spoil", "spoilt", "spoiled", "perishable"), ("烂", "变质", "坏了")),
    "cold": (("cold", "ice", "chill", "frozen", "fresh"), ("生鲜", "冷链", "冰袋", "加冰", "新鲜")),
    "weight": (
        ("weight", "kg", "kilo", "gross", "net", "heavy"),
        ("重量", "斤两", "分量", "净重", "毛重", "连箱子"),
    ),
    "size": (
        ("size", "grade", "sort", "big", "small", "large"),
        ("大小", "分级", "大果", "小果", "规格"),
    ),
    "message": (("message", "chat", "inbox"), ("消息", "聊天", "私信")),
    "repeat": (
        ("again", "regular", "loyal", "repeat"),
        ("回头客", "老客户", "老顾客", "回购", "老客"),
    ),
    "arrive": (("arrive", "arrived", "late", "track"), ("到哪", "没到", "几天到", "多久到", "催")),
    "order": (("order", "purchase", "sale", "sell"), ("下单", "订单", "成交", "单")),
}

ENGLISH_CONCEPTS = {word: concept for concept, (words, _) in CONCEPTS.items() for word in words}
CHINESE_CONCEPT_PATTERN = re.compile(
    "|".join(
        re.escape(word)
        for word in sorted(
            {word for _, words in CONCEPTS.values() for word in words}, key=len, reverse=True
        )
    )
)
CHINESE_CONCEPTS = {word: concept for concept, (_, words) in CONCEPTS.items() for word in words}


def chinese_concepts(text: str) -> list[str]:
    """Concepts named in a text's Chinese, longest words first, each place counted once."""
    return [CHINESE_CONCEPTS[match.group()] for match in CHINESE_CONCEPT_PATTERN.finditer(text)]
