"""Arabic phrase lists: sexual abuse, grooming, exploitation, emotional abuse and forced marriage raise safeguarding; look-alikes do not."""
import pytest

from bot.core.triage.engine import scan


@pytest.mark.parametrize("text", [
    # sexual
    "خالي بيحط ايده على فخدي لما نكون لحالنا",  # my uncle puts his hand on my thigh when we're alone
    "صاحب ماما صورني وانا بتحمم",  # mum's boyfriend filmed me while I was showering
    "jooz khalti 7at 2ido ta7t tyabi embare7",  # Arabizi: my aunt's husband put his hand under my clothes yesterday
    # grooming
    "في شب على تيك توك بيطلب صوري وبيقول انه بيحبني",  # a guy on TikTok asks for my photos and says he loves me
    "عمو بيعطيني مصاري وبيقول ما تقولي لحدا",  # "uncle" gives me money and says don't tell anyone
    "wa7ed 3al discord 3am y2olli ab3atlo sowar",  # Arabizi: someone on Discord keeps telling me to send him photos
    # exploitation
    "الشباب الكبار بيخلوني اخبي حشيش بغرفتي",  # the older boys make me hide weed in my room
    "علي الف باوند للمهرب وهو بيتصل كل يوم",  # I owe the smuggler a thousand pounds and he calls every day
    "el shabab bikhalouni a7mel weed la 7ay tani",  # Arabizi: the boys make me carry weed to another area
    "el mohareb lessa bietasel w bi2ol eni madyoun elo",  # Arabizi: the smuggler still calls and says I owe him
    # emotional
    "امي كل يوم بتقلي ياريت ما جبتك",  # every day mum tells me she wishes she'd never had me
    "زوج امي بيهددني انه رح يكبني بالشارع",  # my stepdad threatens to throw me out on the street
    "baba bi2olli enta ghalta",  # Arabizi: dad tells me I'm a mistake
    "mama ra7 tetrodni mn el bet iza rje3t ma3 sa7bi",  # Arabizi: mum will throw me out of the house if I go back with my friend
    # forced marriage and honour
    "اهلي بدهم يجوزوني لزلمة عمره اربعين",  # my family want to marry me off to a forty-year-old man
    "اخوي قال اذا جبتي العار رح يذبحني",  # my brother said if I bring shame he'll slaughter me
    "baba bado yjawzni la ibn 3ammi",  # Arabizi: dad wants to marry me off to my cousin
    "abouya 2al ra7 yedba7ni la2enno el sharaf ahamm menni",  # Arabizi: my dad said he'll kill me because honour matters more than me
    "baba 2al ra7 atjawaz bel summer w ana 3omri 14",  # Arabizi: dad said I'll be married in the summer, and I'm 14
    "بدهم ياخدوني عالبلد ويعملولي عملية متل ما عملولها لأختي",  # they want to take me back home and do an operation on me like they did to my sister
])
def test_ar_harm_phrases_raise_safeguarding(text):
    assert "safeguarding" in scan(text).flags


@pytest.mark.parametrize("text", [
    "خطيبي جابلي ورد اليوم، انا عمري 22",  # my fiancé brought me flowers today, I'm 22
    "بشتغل بمحل ملابس يوم السبت",  # I work in a clothes shop on Saturdays
    "b3ml part time bel shop kol sabt",  # Arabizi: I work part time in the shop every Saturday
    "عرس اختي الجمعة الجاية وكلنا مبسوطين",  # my sister's wedding is next Friday and we're all happy
    "ra7 etjawaz el sene el jaye w ana mabsoota ktir, 3omri 23",  # Arabizi: I'm getting married next year and I'm very happy, I'm 23
    "الكيرر تبعي صارمة، ما بتخليني اطلع بعد الساعة عشرة",  # my carer is strict, she won't let me out after ten
    "لعبت GTA امبارح وسرقت سيارات كتير ههههه",  # I played GTA yesterday and stole loads of cars haha
    "شفت فيلم عن مهربين المخدرات بنتفليكس",  # I watched a film about drug smugglers on Netflix
    "صاحبي علي ١٠ باوند لازم ارجعهم بكرا",  # I owe my friend £10, I have to pay him back tomorrow
    "سرنا مع بعض للمول ونحنا كتير مبسوطين",  # we went to the mall together and we're really happy
    "المدرب قالي انه غلطه صغيرة وبنصلحها",  # the coach told me it's a small mistake and we'll fix it
    "واحد بالفيس قال صور العيد حلوة",  # someone on Facebook said the Eid photos are nice
    "اخدت مصاري من جزدان امي ما تقول لحدا 😂",  # I took money from mum's purse, don't tell anyone 😂
    "واحد من صحابي قال هاد سر بيننا",  # one of my friends said it's a secret between us
    "امي رح تقتلني اذا عرفت اني ضيعت الجاكيت 😂",  # mum will kill me if she finds out I lost the jacket 😂
    "رح يعملولي عملية بالمستشفى لأسناني",  # they will do an operation on my teeth at the hospital
])
def test_ar_look_alikes_stay_quiet(text):
    assert "safeguarding" not in scan(text).flags
