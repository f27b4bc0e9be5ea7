"""Farsi phrase lists: sexual abuse, grooming, exploitation, emotional abuse and forced marriage raise safeguarding; look-alikes do not."""
import pytest

from bot.core.triage.engine import scan


@pytest.mark.parametrize("text", [
    # sexual
    "شوهرخالم دستشو گذاشت رو رونم",  # my aunt's husband put his hand on my thigh
    "shohar khalam dastesho gozasht roo ranam",  # Finglish: my aunt's husband put his hand on my thigh
    "پسر عموم وقتی حموم بودم ازم فیلم گرفت",  # my cousin filmed me while I was in the bath
    # grooming
    "یه مرد تو اسنپ چت عکسامو میخواد",  # a man on Snapchat wants my photos
    "ye mard too tiktok aksamo mikhad",  # Finglish: a man on TikTok wants my photos
    "یه آقا بهم ویپ میده و میگه به کسی نگو",  # a man gives me vapes and says don't tell anyone
    # exploitation
    "پسرای بزرگ مجبورم میکنن علف بفروشم",  # the older boys make me sell weed
    "pesaraye mahal majbooram mikonan mavad beforoosham",  # Finglish: the local boys make me sell drugs
    "قاچاقبر هنوز پیام میده و میگه بدهکارم",  # the smuggler still messages me and says I owe him
    # emotional
    "مامانم همیشه میگه کاش به دنیا نیومده بودی",  # mum always says she wishes I'd never been born
    "babam mige kash be donya nayoomade boodi",  # Finglish: dad says he wishes I'd never been born
    "ناپدریم گفت از خونه بیرونت میکنم",  # my stepdad said he'll throw me out of the house
    # forced marriage and honour
    "بابام میگه تابستون به زور شوهرم میدن",  # dad says in the summer they'll marry me off by force
    "baba mikhad mano be pesar amoom shohar bede",  # Finglish: dad wants to marry me off to my cousin
    "داداشم گفت اگه آبروی خانواده رو ببری میکشمت",  # my brother said if you ruin the family's honour I'll kill you
    "ناپدریم منو اذیت میکنه",  # my stepdad hurts me
])
def test_fa_harm_phrases_raise_safeguarding(text):
    assert "safeguarding" in scan(text).flags


@pytest.mark.parametrize("text", [
    "نامزدم برام گل خرید، خیلی خوشحالم",  # my fiancé bought me flowers, I'm so happy
    "namzadam baram gol kharid",  # Finglish: my fiancé bought me flowers
    "شنبه ها تو یه مغازه کار میکنم",  # I work in a shop on Saturdays
    "عروسی خالم تو ایران بود و خیلی خوش گذشت",  # my aunt's wedding was in Iran and it was great fun
    "من ۱۵ سالمه و داییم ماه بعد عروسی میکنه",  # I'm 15 and my uncle is getting married next month
    "مامانم سخت گیره، نمیذاره بعد ساعت ده بیرون بمونم",  # mum is strict, she won't let me stay out after ten
    "تو بازی GTA ماشین دزدیدم 😂",  # I stole a car in GTA 😂
    "تو اشتباهی، جواب سوال سه بود",  # you're wrong, the answer to question three was...
    "بابام میگه پول ایران بی ارزش شده",  # dad says Iran's money has become worthless
    "مامانم دست گذاشت رو لباسم گفت خیسه",  # mum touched my clothes and said they're wet
    "یه پسر تو اینستا عکس گربشو گذاشت و گفت قشنگه",  # a boy on Insta posted a photo of his cat and said it's cute
    "یه نفر تو واتساپ گفت عکس تکلیفو بفرستم",  # someone on WhatsApp asked me to send a photo of the homework
    "پول مامانمو برداشتم به کسی نگو",  # I took mum's money, don't tell anyone
    "اینجا همه خوبن، کسی منو اذیت نمی‌کنه",  # everyone here is nice, nobody bothers me
])
def test_fa_look_alikes_stay_quiet(text):
    assert "safeguarding" not in scan(text).flags
