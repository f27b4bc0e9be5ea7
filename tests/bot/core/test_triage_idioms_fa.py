"""Farsi no-fire idioms (Persian script, Dari forms and Finglish): a parent who "will kill me" for lateness, marks, my
hair or a lost thing, laughter and hyperbole, things "killing me", games and sport injuries, pets and a little
sibling, harmless fears, sibling banter and a dead phone stay quiet; the real threat, hitting, self-harm, hunger at
home and fear of a person beside each still fire."""
import pytest

from bot.core.triage.engine import idiom_free, triage


@pytest.mark.parametrize("text", [
    "مامانم منو می‌کشه اگه دیر برسم خونه",  # mum will kill me if I get home late
    "بابام اگه کارنامه‌مو ببینه منو میکشه",  # if dad sees my report card he'll kill me
    "مامانم میکشتم اگه ببینه موهامو رنگ کردم",  # mum will kill me if she sees I dyed my hair
    "مامانم پوستمو میکنه اگه اتاقمو ببینه",  # mum will skin me if she sees my room
    "اگه تجدید بشم بابام زنده‌م نمیذاره",  # if I have to resit, dad won't leave me alive
    "بابام منو میکشه اگه بفهمه گوشیمو گم کردم",  # dad will kill me if he finds out I lost my phone
    "مامانم منو می‌کشه اگه نمره‌هامو ببینه خخخ",  # mum will kill me if she sees my marks lol
    "mamanam mano mikoshe age dir beresam",  # (Finglish) mum will kill me if I'm late
    "babam mikoshtam age karnamamo bebine",  # (Finglish) dad will kill me if he sees my report card
    "داداش کوچیکم خیلی اذیت میکنه",  # my little brother is really naughty
    "داداش کوچیکم همش جیغ میزنه",  # my little brother screams all the time
    "گربه امروز دستمو چنگ زد",  # the cat scratched my hand today
    "از عنکبوت میترسم",  # I'm scared of spiders
    "از تاریکی میترسم",  # I'm scared of the dark
    "از آمپول میترسم",  # I'm scared of injections
    "از دندونپزشکی میترسم",  # I'm scared of the dentist
    "اگه داداشم دوباره به پلی استیشنم دست بزنه میکشمش",  # if my brother touches my PlayStation again I'll kill him
    "آبجیمو میکشم اگه دوباره لباسامو بپوشه",  # I'll kill my sister if she wears my clothes again
    # Quiet even before the idioms; kept as guards for the idioms that blank them.
    "از خنده مردم",  # I died laughing
    "این تکلیف منو میکشه",  # this homework is killing me
    "از گشنگی دارم می‌میرم شام چیه",  # I'm dying of hunger, what's for dinner
    "تو فیفا لهمون کردن",  # they crushed us at FIFA
    "دستم تو فوتبال شکست",  # my arm broke at football
    "گوشیم مرد",  # my phone died
])
def test_fa_idioms_stay_quiet(text):
    assert idiom_free(text)[1]
    assert "safeguarding" not in triage(text).flags


@pytest.mark.parametrize("text", [
    "ناپدریم گفت اگه به کسی بگم منو می‌کشه",  # my stepdad said he'll kill me if I tell anyone
    "منو میکشه اگه دیر برسم یا به کسی بگم",  # he'll kill me if I'm late or tell anyone
    "goft age be kasi begam mano mikoshe",  # (Finglish) he said he'll kill me if I tell anyone
    "بابام وقتی دیر میام کتکم میزنه",  # dad beats me when I come home late
    "بابام کتکم زد چون نمره‌م بد شد",  # dad beat me because my mark was bad
    "داداش بزرگم کتکم میزنه",  # my big brother beats me
    "بابام سرم جیغ میزنه",  # dad screams at me
    "از ناپدریم میترسم",  # I'm scared of my stepdad
    "ناپدریم شبا میاد تو اتاقم میترسم",  # my stepdad comes into my room at night, I'm scared
    "میکشمش اگه دوباره بهم دست بزنه",  # I'll kill him if he touches me again
    "میخوام بمیرم",  # I want to die
    "غذا نداریم از گشنگی مردم",  # we have no food, I'm dying of hunger
])
def test_fa_harm_beside_idioms_still_fires(text):
    assert "safeguarding" in triage(text).flags
