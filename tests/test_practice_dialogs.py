"""Practice answers on the bundled course, as a learner sees the bot's feedback, in both
locales: words, synonym groups, numbers, prices, claims, language and effort."""

from __future__ import annotations

import pytest

from sellerbot.app import build_engine
from sellerbot.content.loader import load_course
from sellerbot.content.model import TaskStep
from sellerbot.engine.state import MODE_LESSON, LearnerState, Position
from sellerbot.paths import bundled_content
from sellerbot.settings import Settings
from tests.content_samples import ContentTree
from tests.dialog import Dialog
from tests.test_content_validation import assert_error_at, tree  # noqa: F401


@pytest.fixture(scope="module")
def bundled():
    result = load_course(bundled_content())
    assert result.course is not None, result.problems
    return result.course


@pytest.fixture(scope="module")
def engine(bundled):
    return build_engine(bundled, Settings())


def at_task(bundled, engine, translations, task: str, locale: str) -> Dialog:
    """A learner who has just been shown the task `module.step`."""
    module_id, step_id = task.split(".")
    module = bundled.module(module_id)
    index = module.index_of(step_id)
    assert isinstance(module.steps[index], TaskStep)
    state = LearnerState(
        user_id=1,
        locale=locale,
        position=Position(module_id, step_id, index),
        mode=MODE_LESSON,
        is_new=False,
    )
    return Dialog(engine, translations, locale, state=state)


def answer(bundled, engine, translations, task, locale, text) -> tuple[bool, str]:
    dialog = at_task(bundled, engine, translations, task, locale)
    output = dialog.send(text)
    submitted = next(event for event in dialog.last.events if event.name == "task_submitted")
    return submitted.data["passed"], output


ACCEPTED = [
    ("welcome.what-you-grow", "en", "a few hundred kilos of plums"),
    ("welcome.what-you-grow", "zh_Hans", "苹果几千斤"),
    # Arrival said by region or as "with you", a resend as "new ones", 添麻烦 as the
    # apology, a sack as packing, 金煌芒 as produce: words farmers use.
    (
        "price-pack-ship.write-promise",
        "en",
        "Eggs ship Mondays and Thursdays, with you 3 days after they ship",
    ),
    ("price-pack-ship.write-promise", "en", "ship within 24h, next day in most provinces"),
    ("price-pack-ship.write-promise", "zh_Hans", "下午三点前下单当天走顺丰冷链，一般两天到"),
    (
        "orders-service.angry-reply",
        "en",
        "Sorry, that is our fault. Photo please, and new ones are on the way tomorrow.",
    ),
    ("orders-service.angry-reply", "zh_Hans", "给您添麻烦了，拍个照片给我，今天就给您补发一箱"),
    ("price-pack-ship.compute-price", "en", "rice 10kg 40, sack 2, courier 15, total 57, price 70"),
    ("list-produce.write-title", "zh_Hans", "百色台农芒 5斤装 树上熟"),
    # What middlemen paid before is the farmer's own story, not a made-up price.
    ("welcome.what-you-grow", "zh_Hans", "苹果五千斤，以前卖给贩子两块一斤，现在想自己网上卖"),
    ("welcome.what-you-grow", "zh_Hans", "梨三千斤 以前一斤卖一块五给贩子 现在想网上卖"),
    (
        "orders-service.angry-reply",
        "zh_Hans",
        "亲，实在抱歉！烂的部分我全部退款，再给您补几个好的。",
    ),
    # A figure makes it a real try, whatever help it asks for.
    ("welcome.what-you-grow", "en", "pears about 800 kg, please help me sell them"),
    # An apology and a resend as the segmenter cuts them: 道|个|歉, 重新|发一|整箱.
    ("orders-service.angry-reply", "zh_Hans", "给您道个歉，今天就给您重新发一整箱"),
    # A place-of-origin name from its own place, or with no place named, is fine.
    (
        "campaigns.write-campaign",
        "zh_Hans",
        "江西赣州老李的赣南脐橙预售，11月10日起发，北京上海都包邮，每箱减5元",
    ),
    (
        "campaigns.write-campaign",
        "en",
        "Gannan navel oranges from our orchard in Ganzhou, Jiangxi! Ships 10 Nov, 5 off a box.",
    ),
    # Sold under the name from the name's own home.
    (
        "open-store.write-profile",
        "en",
        "Our orchard is in Ganzhou, and we sell them as Gannan navel oranges.",
    ),
    ("open-store.write-profile", "zh_Hans", "俺家果园在赣州，种的脐橙就说是赣南脐橙"),
    # Other places named as where the produce goes, with no home named.
    (
        "campaigns.write-campaign",
        "en",
        "Yantai Fuji apples presale, ships 10 Nov to Beijing and Shanghai customers, 5 off a box",
    ),
    # 不乱说 promises honesty; it talks down to no one.
    (
        "open-store.write-profile",
        "zh_Hans",
        "我叫老孙，陕西洛川种苹果二十年。没有认证不乱说，用啥肥都跟您讲清楚。",
    ),
    # Packing well (包好) is no cure (包治).
    (
        "orders-service.angry-reply",
        "zh_Hans",
        "真对不起，明天给您用泡沫箱重新包好补发一箱，不用寄回来。",
    ),
    ("orders-service.angry-reply", "zh_Hans", "给您赔个不是，这周给您重发一箱新鲜的。"),
    ("campaigns.write-campaign", "zh_Hans", "甜玉米上市了，7月底前买10根送2根"),
    # Words, not letters: 第一 in 第一次 and 有机 in 有机会 are not claims.
    (
        "open-store.write-profile",
        "zh_Hans",
        "我是老林，家在赣南山里。今年第一次在网上开店，有机会欢迎来果园看看。",
    ),
    (
        "open-store.write-profile",
        "en",
        "We keep bees in the hills of Yunnan. We do our best to pack every jar with care.",
    ),
    # Synonym groups: any way of saying sorry and resending.
    (
        "orders-service.angry-reply",
        "zh_Hans",
        "真对不起，让您收到这样的猕猴桃。给您补寄一箱新鲜的，明天就发。",
    ),
    (
        "orders-service.angry-reply",
        "en",
        "So sorry about this! Please send a photo and I will ship you a fresh box tomorrow.",
    ),
    (
        "livestreaming.opening-lines",
        "en",
        "Good day, friends! I am Lin from Gannan, and today I will pick oranges in our orchard.",
    ),
    ("list-produce.photo-practice", "en", "by the window"),
    # Numbers as numbers: three days, 四千斤.
    (
        "price-pack-ship.write-promise",
        "en",
        "I will ship you fresh kiwis tomorrow, they arrive in three days.",
    ),
    ("welcome.what-you-grow", "zh_Hans", "赣南脐橙，今年冬天大概四千斤"),
    ("open-store.write-store-name", "zh_Hans", "大凉山阿木家苹果"),
    # A time to ship is a promise, not a countdown.
    ("price-pack-ship.write-promise", "en", "Ships in 24 hours, arrives in 2 to 4 days."),
    ("list-produce.write-title", "zh_Hans", "土鸡蛋 30枚"),
    # Claims are checked only where buyers read the answer: a price worked out is not.
    (
        "price-pack-ship.compute-price",
        "en",
        "best guess: oranges 20, box 3, courier 10, fee 5%, price 45",
    ),
    # "No need to send them back" demands nothing; 对不住 is sorry too.
    (
        "orders-service.angry-reply",
        "zh_Hans",
        "真抱歉让您失望了 不用寄回来 直接给您退一半的钱 今天就退",
    ),
    ("orders-service.angry-reply", "zh_Hans", "对不住对不住 拍张照 明早给您在发一箱"),
    # A refund of 100% or at the price paid, and doing it 第一时间, are no claims.
    (
        "orders-service.angry-reply",
        "en",
        "Sorry sorry. I will refund 100% of the rotten ones today, just send a photo.",
    ),
    ("orders-service.angry-reply", "zh_Hans", "抱歉抱歉！坏的按原价退给您，今天之内到账。"),
    (
        "orders-service.angry-reply",
        "zh_Hans",
        "非常抱歉，第一时间给您处理：烂的全退款，再给您补发五斤，明天发。",
    ),
    (
        "campaigns.write-campaign",
        "zh_Hans",
        "第一次搞活动：土鸡蛋30枚装，3月1日起每周一发货，新客第一单减5元",
    ),
    # Someone who helps is told of, not asked: 闺女帮我 is no request for the answer.
    (
        "open-store.write-profile",
        "zh_Hans",
        "我是老王，在山沟里种了一辈子苹果，闺女帮我在网上开了这个店",
    ),
    # 退烂的 and 箱包|邮 are single words to the segmenter; the remedy and the offer are there.
    ("orders-service.angry-reply", "zh_Hans", "实在抱歉，马上给您退烂的那几个的钱，明天再补寄一斤"),
    ("campaigns.write-campaign", "zh_Hans", "新挖的土豆，12月1号到7号，买两箱包邮"),
    # Words near the claims' that promise nothing: the skin of the fruit, a real date, a
    # place the parcel goes to, a harvest compared with last year's.
    ("list-produce.write-title", "en", "Thin skin navel oranges 5 kg, picked this week"),
    (
        "livestreaming.opening-lines",
        "en",
        "Hi all, Lin from Ganzhou here, navel oranges today, a taste to warm your heart",
    ),
    (
        "campaigns.write-campaign",
        "en",
        "Walnut pre-sale 1 to 10 Oct, 5 off a bag, orders close 10 Oct",
    ),
    ("open-store.write-profile", "zh_Hans", "我是老周，在甘肃天水种了十年苹果，今年比去年收得多"),
    ("open-store.write-profile", "zh_Hans", "我是老刘，甘肃定西种土豆，以前3块一斤卖给贩子"),
    ("open-store.write-profile", "zh_Hans", "我是老刘，甘肃定西种土豆，好吃的话吃完明年再来"),
    ("list-produce.write-title", "en", "Potatoes 5 kg, marked 5 on the bag"),
    # "not" in one sentence does not take back a word of the next.
    (
        "price-pack-ship.write-promise",
        "en",
        "Ships in 24 hrs (not Sundays). Delivered in 3 days.",
    ),
    ("price-pack-ship.write-promise", "zh_Hans", "下单后24小时内发货，北京上海两天到，坏了包赔"),
    # A refund promised within a day is service, not a countdown.
    (
        "orders-service.angry-reply",
        "en",
        "Sorry about the soft plums! Send a photo and I will refund them in full within 24 hours.",
    ),
    (
        "orders-service.angry-reply",
        "en",
        "So sorry, friend. Keep the box, I will send you 3 kg of pears by Monday.",
    ),
    (
        "livestreaming.opening-lines",
        "zh_Hans",
        "各位朋友好！我是赣州的老刘，今天带大家到果园看刚摘的脐橙。",
    ),
    # Words of two sentences are no phrase: "my own shop. Price 55" says no "shop price".
    (
        "price-pack-ship.compute-price",
        "en",
        "walnuts: walnuts 30, bag and box 4, courier 10 = 44. No fee in my own shop. Price 55",
    ),
    # A negation stays in its clause: 没做好 does not take back the 对不起 after it.
    ("orders-service.angry-reply", "zh_Hans", "是我们没做好，对不起，今天就给您补发一箱"),
    # Words the segmenter glues to the verb (先退, 多送) and a thank-you as the greeting.
    ("orders-service.angry-reply", "zh_Hans", "对不起，李子压坏了，现在先退您三十块，下回多垫泡沫"),
    (
        "livestreaming.opening-lines",
        "zh_Hans",
        "谢谢大家进来，我是普洱种茶的小李，今天带大家看茶园采春茶。",
    ),
    ("campaigns.write-campaign", "zh_Hans", "小米10月1日起发，前30单每箱多送两斤"),
    (
        "price-pack-ship.compute-price",
        "en",
        "dried chilli 1 jin cost 20 bag 2 kuaidi 8 all together 30 i sell 40 no fee",
    ),
    # Fish and dates as produce, 莜面 as a product; a refund or a resend as the segmenter
    # cuts them (全退|给|您, 补上).
    ("welcome.what-you-grow", "en", "silver carp and grass carp, about 3000 jin a year"),
    ("open-store.write-store-name", "en", "Aisha's Dates, Ruoqiang"),
    ("open-store.write-store-name", "zh_Hans", "武川老王家莜面"),
    ("orders-service.angry-reply", "zh_Hans", "实在不好意思，拍个照给我，坏的今天全退给您"),
    ("orders-service.angry-reply", "zh_Hans", "对不起，是我们没挑好，明天一早就给您补上"),
    # Arrival as "usually there in", dispatch as "go by courier", 三天左右 as arrival, a
    # gift to the first buyers as 前30位送.
    (
        "price-pack-ship.write-promise",
        "en",
        "Orders before 5pm leave by SF Express, usually there in 2 to 4 days.",
    ),
    (
        "price-pack-ship.write-promise",
        "en",
        "Honey jars go by courier every afternoon, you should get them in 2 to 3 days.",
    ),
    (
        "price-pack-ship.write-promise",
        "zh_Hans",
        "下午5点前下单当天发走，江浙那边三天左右",
    ),
    ("campaigns.write-campaign", "zh_Hans", "新茶4月10号开采，4月12号发货，前30位送一小包"),
    # Days of the week, short or long, say when a sale is.
    ("campaigns.write-campaign", "en", "Duck eggs this Sat and Sun: buy 30, get 5 more free."),
    ("campaigns.write-campaign", "zh_Hans", "礼拜六礼拜天土鸡蛋买30个送5个，欢迎乡亲们来拿"),
    # 百分之5 is a share, and a platform that takes no fee (平台不抽成) charges nothing.
    ("money-and-safety.price-with-fee", "zh_Hans", "干木耳30，袋子2，邮费8，平台抽百分之5，卖50"),
    ("price-pack-ship.compute-price", "zh_Hans", "红枣30 袋子3 快递8 一共41 平台不抽成 卖52"),
]


@pytest.mark.parametrize(("task", "locale", "text"), ACCEPTED)
def test_good_answers_are_accepted(bundled, engine, translations, task, locale, text):
    passed, output = answer(bundled, engine, translations, task, locale, text)
    assert passed, output


REJECTED = [
    # A delivery promise says when the parcel leaves and how long it takes to arrive.
    (
        "price-pack-ship.write-promise",
        "en",
        "Our parcels leave within 2 days of your order.",
        "how long delivery",
    ),
    ("price-pack-ship.write-promise", "zh_Hans", "一般三到五天能送到您手上。", "什么时候发货"),
    # A stream's opening says what it will show.
    (
        "livestreaming.opening-lines",
        "en",
        "Good evening everyone, welcome, I am Xu, thank you all for coming tonight!",
        "what you will show",
    ),
    (
        "livestreaming.opening-lines",
        "zh_Hans",
        "家人们晚上好，我是老许，感谢大家来捧场！",
        "今天给大家看什么",
    ),
    # A profile says what is grown: a kind word about oneself alone tells buyers nothing.
    (
        "open-store.write-profile",
        "en",
        "I am Wu, an honest man who has worked the land all my life.",
        "Say what you grow",
    ),
    ("open-store.write-profile", "zh_Hans", "我姓孙，老实本分，干了一辈子农活。", "说说你种的"),
    (
        "open-store.write-profile",
        "en",
        "Lao Qin, Shaanxi. I make jujube paste. Folks who eat it daily put away their heart pills.",
        "health",
    ),
    (
        "livestreaming.opening-lines",
        "zh_Hans",
        "大家好，我是老秦，今天卖红枣，我姑吃了半年，胃溃疡都好了",
        "功效",
    ),
    (
        "price-pack-ship.write-promise",
        "en",
        "Ships in 2 days, arrives in 4. Spoiled fruit must be sent back first, then a refund.",
        "sent back",
    ),
    # Claims in a farmer's own words, found by what they speak of, not by a stock phrase:
    # the body, beating everyone, a price set against an older one, stock running out,
    # another's brand or origin.
    ("list-produce.write-title", "en", "Black sesame 500g, your hair turns dark again", "health"),
    ("campaigns.write-campaign", "zh_Hans", "山楂片本周八折，老人吃了膝盖不疼了", "功效"),
    ("open-store.write-profile", "zh_Hans", "我家红枣，常吃腿脚都利索，肝也好了", "功效"),
    (
        "livestreaming.opening-lines",
        "en",
        "Hi all, Chen here. No one in Yunnan grows coffee sweeter than mine",
        "beat everyone",
    ),
    ("list-produce.write-title", "zh_Hans", "野生板栗5斤 哪家都找不出比这更甜的", "比谁都强"),
    (
        "campaigns.write-campaign",
        "en",
        "Honey week 3-9 May: used to be 88 a jar, this week 58",
        "original price",
    ),
    (
        "livestreaming.opening-lines",
        "zh_Hans",
        "大家好我是老吴，今天卖香菇，平时卖六十，今晚直播间三十九",
        "原价",
    ),
    (
        "price-pack-ship.write-promise",
        "en",
        "Ships in 2 days. Once this batch is gone you wait a whole year",
        "scarcity",
    ),
    ("campaigns.write-campaign", "zh_Hans", "腊肉12月预售，减10块，卖完等明年", "催人"),
    ("open-store.write-store-name", "zh_Hans", "借个华为的名头：华为农庄土鸡蛋", "牌子"),
    (
        "list-produce.write-title",
        "en",
        "Yantai Fuji apples 5kg from our orchard in Baoji",
        "place-of-origin",
    ),
    (
        "livestreaming.opening-lines",
        "en",
        "Hi, I'm Zhao. Our pears have never touched a single drop of pesticide",
        "no pesticides",
    ),
    ("open-store.write-store-name", "en", "Best Apples Ever", "best"),
    # What a farmer grows is what they will tell buyers: claims are checked there too.
    ("welcome.what-you-grow", "en", "The best oranges around, about 2000 kg", "best"),
    ("welcome.what-you-grow", "zh_Hans", "好东西，今年大概两千斤", "说说你种的"),
    # A store name and a title say what is sold.
    ("open-store.write-store-name", "en", "Good Stuff Store", "Add what you sell"),
    ("open-store.write-store-name", "zh_Hans", "老李的店", "加上你卖的东西"),
    ("list-produce.write-title", "en", "Great value family pack, 5 kg", "Name the produce"),
    ("open-store.write-store-name", "zh_Hans", "降糖苦瓜农场", "功效"),
    ("open-store.write-store-name", "en", "Sunkist Orchard by Li", "brand"),
    # A promise that pushes problems away, a return demanded, a price it never had.
    (
        "price-pack-ship.write-promise",
        "en",
        "Ships in 24 hours, arrives in 3 days. Damage on the way is not our problem.",
        "push problems",
    ),
    (
        "orders-service.angry-reply",
        "en",
        "Sorry. Please mail the rotten ones back to us first, then we refund you.",
        "Do not ask the buyer to send",
    ),
    (
        "campaigns.write-campaign",
        "en",
        "Honey 45 (was 80) a jar this week, and 5 off when you buy two jars",
        "original",
    ),
    (
        "orders-service.angry-reply",
        "zh_Hans",
        "对不起，生鲜水果概不退款，请理解。",
        "给个明确的办法",
    ),
    # 一 in 一级棒 is not a quantity.
    ("welcome.what-you-grow", "zh_Hans", "我家的橙子一级棒好吃", "加上数量"),
    ("welcome.what-you-grow", "en", "oranges, a lot of them", "Add how much you have"),
    # 换 in 换位思考 is no fix; "do not refund" offers none.
    (
        "orders-service.angry-reply",
        "zh_Hans",
        "对不起，换位思考一下，这个不好说，快递路上也难免。",
        "给个明确的办法",
    ),
    (
        "orders-service.angry-reply",
        "en",
        "I am sorry, but we do not refund fresh fruit. Please understand.",
        "Offer a clear fix",
    ),
    (
        "orders-service.angry-reply",
        "zh_Hans",
        "抱歉，您先把烂的猕猴桃寄回来，我们再处理。",
        "别让买家先把烂果寄回来",
    ),
    (
        "orders-service.angry-reply",
        "en",
        "Sorry to hear that. Send them back first and then I will see what I can do.",
        "Do not ask the buyer to send",
    ),
    # The lexicon of claims, on every buyer-facing task.
    ("campaigns.write-campaign", "zh_Hans", "原价199，现价39，只剩最后3箱，手慢无！", "原价"),
    (
        "campaigns.write-campaign",
        "en",
        "Only 3 boxes left, hurry! 5 off each box today.",
        "only 3 left",
    ),
    ("open-store.write-profile", "zh_Hans", "纯天然、零添加，100%纯正，常喝身体好", "功效"),
    (
        "open-store.write-profile",
        "en",
        "Our honey is good for blood sugar and we ship across the country.",
        "health claims",
    ),
    # However rude the buyer was: no insults, and 你懂不懂 talks down, it asks no help.
    (
        "orders-service.angry-reply",
        "en",
        "Are you stupid? Kiwis get soft, that is normal. Sorry, I will refund you.",
        "Stay polite",
    ),
    ("orders-service.angry-reply", "zh_Hans", "对不起，别乱说话，我马上给您补寄", "客客气气"),
    (
        "orders-service.angry-reply",
        "zh_Hans",
        "抱歉，你懂不懂猕猴桃要放软才能吃？给你退款",
        "客客气气",
    ),
    # A place-of-origin name on produce the answer says is grown elsewhere; it may be glued
    # to the word before it (张五常 is cut as a name).
    (
        "campaigns.write-campaign",
        "zh_Hans",
        "甘肃自家果园的烟台苹果预售，10月20号发，每箱减5块",
        "产地名",
    ),
    # Naming the name's home too excuses nothing when the farm is elsewhere.
    (
        "open-store.write-profile",
        "zh_Hans",
        "俺是湖南老唐，自家种的五常大米，黑龙江五常的味道",
        "产地名",
    ),
    (
        "welcome.what-you-grow",
        "en",
        "I farm rice in Hunan, 3000 kg, I sell it as Wuchang rice from Heilongjiang",
        "place-of-origin",
    ),
    (
        "open-store.write-profile",
        "en",
        "I am Pan, we raise cattle in Guizhou and sell Kobe beef from our own cows.",
        "place-of-origin",
    ),
    ("open-store.write-store-name", "zh_Hans", "湖南老张五常大米店", "产地名"),
    # The name may end inside a word (香梨|卖 is cut 香梨卖), and have a word put in it.
    ("open-store.write-profile", "zh_Hans", "我是山东的老许，自家种的梨当库尔勒香梨卖", "产地名"),
    (
        "campaigns.write-campaign",
        "en",
        "Crabs from our pond in Hubei, sold as Yangcheng Lake hairy crabs, 1-10 Oct, 10 off",
        "place-of-origin",
    ),
    # Talking down to buyers is refused in anything they read, not only in a reply.
    (
        "open-store.write-profile",
        "en",
        "I am Wu, I grow plums in Hunan. If you want it cheap, go somewhere else.",
        "Stay polite",
    ),
    ("price-pack-ship.write-promise", "zh_Hans", "两天内发货，三天到，别老催，烦不烦", "客客气气"),
    ("campaigns.write-campaign", "zh_Hans", "土鸡蛋本周每盒减5元，嫌贵别买", "客客气气"),
    # A delivery promise that helps only once bad fruit is sent back.
    (
        "price-pack-ship.write-promise",
        "en",
        "We ship within 2 days, it arrives in 4. Bad fruit must be mailed back before we help.",
        "Ask for a photo",
    ),
    ("price-pack-ship.write-promise", "zh_Hans", "两天发货四天到，坏了先寄回来再说", "拍张照"),
    # An organ named with what the food does to it, either way round.
    (
        "open-store.write-profile",
        "en",
        "I am Ma from Ningxia, I grow goji. It protects the liver.",
        "health claims",
    ),
    (
        "livestreaming.opening-lines",
        "en",
        "Hi all, Ma from Ningxia here with goji today, your eyes will get better!",
        "health claims",
    ),
    (
        "livestreaming.opening-lines",
        "zh_Hans",
        "大家好，宁夏老马，今天卖枸杞，比吃药还管用",
        "功效",
    ),
    ("open-store.write-profile", "zh_Hans", "我是贵州老高，种苦荞，泡茶喝了能治糖尿病", "功效"),
    # The cure and the illness written as one word: 治咳嗽, 助消化.
    ("open-store.write-profile", "zh_Hans", "这个蜂蜜能治咳嗽，小孩喝了马上好", "功效"),
    ("open-store.write-profile", "zh_Hans", "吃了我家的山楂助消化，积食的孩子吃几颗就好", "功效"),
    (
        "open-store.write-profile",
        "en",
        "I am Li, I grow pears in the hills. Our pears clear the lungs and stop coughs.",
        "health claims",
    ),
    ("open-store.write-store-name", "en", "Organic Valley Farm", "organic"),
    ("list-produce.write-title", "zh_Hans", "全网最低 赣南脐橙 10斤", "最便宜"),
    # The price goes on the listing, and so would a made-up "was" price beside it.
    (
        "price-pack-ship.compute-price",
        "zh_Hans",
        "橙子30，箱子4块，快递10块，一共44，原价99现价58",
        "原价",
    ),
    (
        "money-and-safety.price-with-fee",
        "en",
        "honey 40, jar 3, courier 8, fee 5%, price 60, it cures coughs",
        "health claims",
    ),
    # Junk gets a nudge, never praise.
    ("open-store.write-store-name", "zh_Hans", "哈哈哈", "认真写个答案"),
    ("open-store.write-store-name", "en", "ok ok ok", "not an answer to the task yet"),
    ("open-store.write-store-name", "en", "👍👍👍", "I only see symbols or emoji"),
    # A plain negation does not take the demand back: no return, no refund.
    (
        "orders-service.angry-reply",
        "zh_Hans",
        "对不起，不寄回来就不能给您退款，也不能补发",
        "寄回",
    ),
    # Another company's brand, and asking the bot to do the task.
    ("open-store.write-store-name", "en", "Nike Fruits", "brand"),
    ("open-store.write-store-name", "zh_Hans", "三只松鼠果园", "牌子"),
    # A brand glued to the word after it: 褚橙同款 is one word to the segmenter.
    ("open-store.write-store-name", "zh_Hans", "褚橙同款 王家果园", "牌子"),
    ("open-store.write-store-name", "en", "Wang Family Slim-Down Tea", "health claims"),
    ("open-store.write-store-name", "zh_Hans", "起名好难啊 你帮我想一个", "自己先写一个"),
    ("open-store.write-store-name", "en", "no idea, can you give me one", "Have a go yourself"),
    ("open-store.write-store-name", "en", "Nongfu Spring Hill Farm", "brand"),
    # Brushing the buyer off is rude however it is put.
    (
        "livestreaming.opening-lines",
        "en",
        "Hello, I'm Zhao with my pears. If you're not buying, leave now.",
        "Stay polite",
    ),
    (
        "price-pack-ship.write-promise",
        "zh_Hans",
        "下单后两天内发，三天左右到，别老来问，烦",
        "客客气气",
    ),
    # A refund held back until the goods come back, and blame put on the courier.
    (
        "orders-service.angry-reply",
        "en",
        "Sorry. Post every bad pear back to me first, then I'll think about a refund.",
        "back",
    ),
    # A cure whose illness is a word of its own (咽炎) after the verb is still a cure.
    (
        "price-pack-ship.write-promise",
        "zh_Hans",
        "第二天发货，两三天到。咱的蜂蜜能治咽炎。",
        "对身体有什么功效",
    ),
    # "were 50 …, now just 20": a plural was-price is a made-up original price too.
    (
        "campaigns.write-campaign",
        "en",
        "Tea eggs from our farm in Hunan were 50 a dozen, now just 20 for you this weekend!",
        "original price",
    ),
    # A delivery promised as certain is a promise nobody can keep, with its own feedback.
    (
        "price-pack-ship.write-promise",
        "en",
        "We ship the same day and it is never late: 2 days to your door.",
        "never late",
    ),
    ("price-pack-ship.write-promise", "zh_Hans", "当天发货，第二天就到，从不延误", "绝不延误"),
    # "No.1" is one word, not two sentences.
    ("list-produce.write-title", "en", "No.1 navel oranges from Gannan, 5kg box", "beat everyone"),
    # "…, not us": the blame put on the courier in two words.
    (
        "orders-service.angry-reply",
        "en",
        "So sorry about the crushed peaches, that was the courier company, not us. We refund half.",
        "push the blame away",
    ),
    # 五常的大米: the protected name with 的 in it, from a farm elsewhere.
    ("list-produce.write-title", "zh_Hans", "湖北荆州新米10斤 地道五常的大米", "产地名"),
    # The other language gets a gentle note in the learner's own.
    (
        "open-store.write-profile",
        "zh_Hans",
        "I am Lin and I grow navel oranges in the hills of Gannan.",
        "请用中文",
    ),
    (
        "open-store.write-profile",
        "en",
        "我是老林，家在赣南山里，种了二十年脐橙。",
        "please write your answer in English",
    ),
    # A sale says when: a date, a day or a season, not only "now".
    (
        "campaigns.write-campaign",
        "en",
        "Pre-order our walnuts now and get 10 off, we ship as soon as they are dry.",
        "Say when",
    ),
    (
        "campaigns.write-campaign",
        "zh_Hans",
        "核桃现在预订每斤减3元，晒干了就给大家发货",
        "什么时候",
    ),
    # Produce passed off under a protected name (就说是, "sell it as"), with no home named;
    # 吉安 and Ji'an are places other than the home of 赣南脐橙.
    (
        "open-store.write-profile",
        "zh_Hans",
        "俺家苹果五千斤，打算就说是烟台苹果，买家也分不出来",
        "产地名",
    ),
    (
        "open-store.write-profile",
        "en",
        "We are the Hu family, our rice is good and we just sell it as Wuchang rice.",
        "place-of-origin",
    ),
    (
        "open-store.write-profile",
        "zh_Hans",
        "我是吉安的老李，种了十年脐橙，卖的是赣南脐橙",
        "产地名",
    ),
    (
        "open-store.write-profile",
        "en",
        "I am Li from Ji'an. I grow oranges and sell them as Gannan navel oranges.",
        "place-of-origin",
    ),
]


def priced(bundled, engine, translations, locale: str, text: str, expected: list[str]) -> bool:
    """Whether the pricing task accepts `text`; the feedback must show every expected piece."""
    passed, output = answer(
        bundled, engine, translations, "price-pack-ship.compute-price", locale, text
    )
    for piece in expected:
        assert piece in output, output
    assert "Well done!" not in output
    return passed


@pytest.mark.parametrize(("task", "locale", "text", "feedback"), REJECTED)
def test_bad_answers_are_rejected_with_feedback_naming_the_problem(
    bundled, engine, translations, task, locale, text, feedback
):
    passed, output = answer(bundled, engine, translations, task, locale, text)
    assert not passed, output
    assert feedback in output
    assert "Well done" not in output and "好名字" not in output


@pytest.mark.parametrize(
    ("locale", "text", "expected"),
    [
        (
            "en",
            "honey 40, jar 3, courier 8, total 51, I ask 45",
            ["40 + 3 + 8 = 51", "Your price of 45 is below that", "lose 6", "at least 51"],
        ),
        (
            "zh_Hans",
            "蜂蜜40，瓶子3块，快递8块，总共51，卖45",
            ["40 + 3 + 8 = 51", "45", "亏6", "至少要卖到51"],
        ),
    ],
)
def test_a_price_below_the_costs_is_refused_with_the_arithmetic(
    bundled, engine, translations, locale, text, expected
):
    assert not priced(bundled, engine, translations, locale, text, expected)


def test_a_claim_does_not_hide_a_price_below_the_costs(bundled, engine, translations):
    """Fixing the claim alone would leave a price that loses money on every sale."""
    text = "honey 40, jar 3, courier 8, total 51, the best honey, I ask 45"
    passed, output = answer(
        bundled, engine, translations, "price-pack-ship.compute-price", "en", text
    )
    assert not passed
    assert '"best"' in output  # the claim
    assert "40 + 3 + 8 = 51" in output and "lose 6" in output  # and the arithmetic


@pytest.mark.parametrize(
    ("locale", "text", "expected"),
    [
        (
            "en",
            "eggs 36, tray and box 6, shipping 12, breakage 4, platform fee 5%, price 68",
            [
                "covers your costs with 6.95 to spare",
                "36 + 6 + 12 + 4 = 58",
                "58 ÷ (1 − 5%) = 61.05",
            ],
        ),
        (
            "zh_Hans",
            "橙子30元，箱子4元，快递10元，损耗3元，一共47元，卖58元",
            ["58", "11", "30 + 4 + 10 + 3 = 47"],
        ),
    ],
)
def test_a_price_that_covers_the_costs_is_praised_with_what_was_checked(
    bundled, engine, translations, locale, text, expected
):
    assert priced(bundled, engine, translations, locale, text, expected)


@pytest.mark.parametrize(
    ("locale", "text", "expected"),
    [
        # A sum written with "=" gives the total; it is not one more cost.
        (
            "en",
            "honey 30, jar 5, shipping 8, platform fee 3, breakage 2 = 48. Price 58.",
            ["30 + 5 + 8 + 3 + 2 = 48", "10 to spare"],
        ),
        ("en", "apples 15 / packing 4 / courier 10 => 29, sell 38", ["= 29", "9 to spare"]),
        # Chinese numerals without a unit after 卖 and 总共 are the price and the total.
        (
            "zh_Hans",
            "猕猴桃五斤 果子十五块 箱子三块 快递九块 总共二十七 卖三十六",
            ["15 + 3 + 9 = 27", "多赚9"],
        ),
        # 罐子 is the jar, not "40 jars" of tea.
        ("zh_Hans", "茶40 罐子6 快递8 合计54 卖68", ["40 + 6 + 8 = 54", "多赚14"]),
        # The learner's own break-even, the fee already in it, is neither a cost nor counted
        # twice: the check works it out again.
        (
            "en",
            "honey 30, jar 3, courier 8 = 41, platform fee 5% so at least 43.2, I ask 48",
            ["30 + 3 + 8 = 41", "41 ÷ (1 − 5%) = 43.16", "4.84 to spare"],
        ),
        (
            "zh_Hans",
            "蜂蜜一斤 蜜30 瓶子3 快递8 一共41 抽成百分之五 保本43.2 我卖49",
            ["30 + 3 + 8 = 41", "41 ÷ (1 − 5%) = 43.16"],
        ),
        # "that's 37", "i need 39", 30 pcs of eggs, 扣5个点, 我定75, and 成本50 as the first item.
        (
            "en",
            "i pay 25 for the walnuts, 3 for the box, 9 for shipping, thats 37, platform takes"
            " 5% so i need 39, i will sell at 45",
            ["25 + 3 + 9 = 37", "37 ÷ (1 − 5%) = 38.95"],
        ),
        (
            "en",
            "eggs 30 pcs: 36 for eggs, 6 for the tray and box, 12 shipping, total 54, I ask 60",
            ["36 + 6 + 12 = 54", "6 to spare"],
        ),
        (
            "zh_Hans",
            "蜂蜜2斤装 成本50 瓶子4元 快递10元 总成本64元 平台扣5个点 最低得卖68 我定75",
            ["50 + 4 + 10 = 64", "64 ÷ (1 − 5%) = 67.37", "售价75"],
        ),
    ],
)
def test_sums_and_chinese_numerals_are_read_as_a_farmer_writes_them(
    bundled, engine, translations, locale, text, expected
):
    assert priced(bundled, engine, translations, locale, text, expected)


@pytest.mark.parametrize(
    ("locale", "text", "expected"),
    [
        ("en", "kiwi 15, box 3, courier 9, total 27, price 27", ["only breaks even", "33"]),
        ("zh_Hans", "猕猴桃15 箱子3 快递9 总共27 卖27", ["刚好保本", "33"]),
    ],
)
def test_a_price_that_only_breaks_even_is_refused_it_pays_nothing_for_the_work(
    bundled, engine, translations, locale, text, expected
):
    assert not priced(bundled, engine, translations, locale, text, expected)


def test_a_stated_total_above_the_listed_costs_is_shown_as_the_learners_own_total(
    bundled, engine, translations
):
    passed, output = answer(
        bundled,
        engine,
        translations,
        "price-pack-ship.compute-price",
        "en",
        "box 3, courier 9, all my costs 27, price 36",
    )
    assert passed, output
    assert "27 in all" in output and "3 + 9" not in output


@pytest.mark.parametrize(
    ("locale", "text", "expected"),
    [
        # The count before the costs is left out by the learner's own total.
        ("en", "20 goose eggs: eggs 40, tray and box 5, courier 11, total 56, price 70", ["56"]),
        ("en", "Goose eggs 20: eggs 40, box 5, courier 11. Total 56. Price 70.", ["56"]),
        # No total, but the product named again after the heading's count.
        ("en", "goose eggs 20: eggs 40, tray and box 5, courier 11, fee 5%, sell 70", ["56"]),
        # A volume sizes the product: 500ml and 500毫升 are no costs.
        ("en", "tea oil 500ml: oil 45, bottle 5, courier 10, fee 5%, price 75", ["60"]),
        ("zh_Hans", "山茶油500毫升：油45，瓶子5，快递10，抽5%，卖75", ["60"]),
        # "min 63.2": the learner's own break-even, not one more cost.
        ("en", "oil 45, bottle 5, courier 10 = 60, fee 5% so min 63.2, I sell 75", ["60"]),
    ],
)
def test_a_count_or_size_of_the_product_is_not_a_cost(
    bundled, engine, translations, locale, text, expected
):
    assert priced(bundled, engine, translations, locale, text, expected)


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("en", "honey 40 jar 3 courier 8 total 51 sell 60 profit 9"),
        ("zh_Hans", "蜂蜜40 瓶子3 快递8 卖60 剩9"),
    ],
)
def test_a_profit_word_between_two_figures_names_the_second(
    bundled, engine, translations, locale, text
):
    assert priced(bundled, engine, translations, locale, text, ["60"])


def test_a_total_that_leaves_out_the_produce_is_not_taken_on_trust(bundled, engine, translations):
    # The produce's own cost forgotten in the total: the costs are still all of them.
    text = "eggs 40, tray and box 5, courier 11, total 16, price 30"
    assert not priced(bundled, engine, translations, "en", text, ["40 + 5 + 11 = 56"])


def test_an_unknown_synonym_group_is_an_error_at_its_line(tree: ContentTree):  # noqa: F811
    tree.replace(
        "modules/basics.yaml",
        "      - has_number: true\n",
        "      - mentions_any: ['@no-such-group']\n",
    )
    assert_error_at(tree, "modules/basics.yaml", "'@no-such-group'", "no group 'no-such-group'")


def test_a_price_noun_after_a_cost_word_labels_a_cost_not_the_price(bundled, engine, translations):
    passed, output = answer(
        bundled,
        engine,
        translations,
        "price-pack-ship.compute-price",
        "en",
        "apples 20, box 3, shipping price 10, selling at 40",
    )
    assert passed, output
    assert "20 + 3 + 10 = 33" in output and "7 to spare" in output


@pytest.mark.parametrize(
    ("task", "locale", "text", "expected"),
    [
        (
            "price-pack-ship.write-promise",
            "en",
            "We pick after you order and ship within 48 hours. Most boxes arrive in 2 to 4 days.",
            ["You name a time buyers can count on: 48 hours.", "No claim a buyer could doubt"],
        ),
        (
            "welcome.what-you-grow",
            "zh_Hans",
            "赣南脐橙，今年冬天大概四千斤",
            ["数字写清楚了：四千斤。"],
        ),
    ],
)
def test_a_passing_answer_hears_what_was_found_not_plain_praise(
    bundled, engine, translations, task, locale, text, expected
):
    passed, output = answer(bundled, engine, translations, task, locale, text)
    assert passed, output
    for piece in expected:
        assert piece in output, output
    assert "Well done!" not in output and "做得好" not in output


STILL_OPEN = {"en": "Your task is still open", "zh_Hans": "练习还在等你"}


@pytest.mark.parametrize(
    ("task", "locale", "question", "then"),
    [
        (
            "open-store.write-store-name",
            "en",
            "do i need a licence to sell honey online?",
            "Lin Family Honey",
        ),
        ("open-store.write-profile", "zh_Hans", "头像用我自己的照片还是用橙子的好？", None),
        ("list-produce.write-title", "zh_Hans", "标题里要不要写产地啊？", None),
        ("welcome.what-you-grow", "en", "How do I take good photos of eggs?", "eggs, 300 a week"),
    ],
)
def test_a_question_typed_at_a_task_is_answered_and_the_task_stays_open(
    bundled, engine, translations, task, locale, question, then
):
    dialog = at_task(bundled, engine, translations, task, locale)
    output = dialog.send(question)
    # Not judged as an answer: no praise, nothing submitted, the learner still at the task.
    assert STILL_OPEN[locale] in output, output
    assert "task_submitted" not in dialog.event_names
    assert "question_asked" in dialog.event_names
    assert dialog.state.position.step_id == task.split(".")[1]
    if then:
        dialog.send(then)
        submitted = dialog.events_named("task_submitted")
        assert submitted and submitted[0].data["passed"], dialog.transcript[-1]


@pytest.mark.parametrize(
    ("task", "locale", "text"),
    [
        # A question inside an answer, or one that opens it, is part of the answer.
        (
            "orders-service.angry-reply",
            "en",
            "Sorry! Can you send me a photo? I will send a new box tomorrow.",
        ),
        (
            "livestreaming.opening-lines",
            "zh_Hans",
            "大家好，我是赣州的老李，今天带大家看果园摘橙子，能看清吗？",
        ),
        (
            "livestreaming.opening-lines",
            "en",
            "Hello everyone, I'm Li from Ganzhou, want to see how we pick oranges today?",
        ),
    ],
)
def test_an_answer_with_a_question_in_it_is_judged_as_an_answer(
    bundled, engine, translations, task, locale, text
):
    dialog = at_task(bundled, engine, translations, task, locale)
    output = dialog.send(text)
    assert STILL_OPEN[locale] not in output
    assert dialog.events_named("task_submitted"), output
