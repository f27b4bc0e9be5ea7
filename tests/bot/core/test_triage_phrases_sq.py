"""Albanian phrase lists: sexual abuse, grooming, exploitation, emotional abuse and forced marriage raise safeguarding; look-alikes do not."""
import pytest

from bot.core.triage.engine import scan


@pytest.mark.parametrize("text", [
    "xhaxhai fut doren nen bluzen time kur jemi vetem",  # my uncle puts his hand under my top when we're alone
    "dikush ne klase ka foto te mia te zhveshura",  # someone in my class has naked photos of me
    "njerku me tregon filma porno ne telefon",  # my stepdad shows me porn films on his phone
    "nje tip ne roblox me kerkon adresen dhe foto",  # a guy on Roblox is asking for my address and photos
    "trajneri me shkruan naten dhe me thote ti fshijme mesazhet",  # the coach messages me at night and tells me we should delete the messages
    "i dashuri im eshte 27 vjec dhe kujdestaret se dine",  # my boyfriend is 27 and my carers don't know
    "disa burra te rritur me detyrojne te shes droge ne park",  # some grown men force me to sell drugs in the park
    "me dhane nje telefon dhe tani thone qe u kam borxh",  # they gave me a phone and now they say I owe them
    "nje burre me bleu vodke dhe do qe te hipi ne makinen e tij",  # a man bought me vodka and wants me to get into his car
    "njerka me thote cdo mengjes qe jam nje gabim",  # my stepmum tells me every morning that I'm a mistake
    "mami pendohet qe me lindi",  # mum regrets giving birth to me
    "kujdestari kercenon qe do me nxjerre jashte ne rruge",  # my carer threatens to throw me out on the street
    "prinderit duan te me martojne me kushuririn ne shqiperi",  # my parents want to marry me off to my cousin in Albania
    "babai tha qe do me vrase nese e turperoj familjen",  # dad said he'll kill me if I shame the family
    "familja ime ka gjak me nje familje tjeter dhe kam frike te dal",  # my family is in a blood feud with another family and I'm scared to go out
])
def test_sq_harm_phrases_raise_safeguarding(text):
    assert "safeguarding" in scan(text).flags


@pytest.mark.parametrize("text", [
    "i dashuri me bleu lule 🌹",  # my boyfriend bought me flowers
    "punoj ne nje kafe te shtunen dhe te dielen",  # I work in a café on Saturdays and Sundays
    "kujdestarja eshte e rrepte, nuk me le te dal pas ores 10",  # my carer is strict, won't let me out after 10
    "ne GTA shes droge per leke haha",  # in GTA I sell drugs for money haha
    "shoqja me tha mos i trego askujt qe i pelqen Ardi",  # my friend told me not to tell anyone she likes Ardi
    "vellai i vogel vjen naten ne shtratin tim kur ka stuhi",  # my little brother comes into my bed at night when there's a storm
    "kushuriri im martohet ne qershor!",  # my cousin is getting married in June!
    "mami me ben gjera te mira per darke",  # mum makes me nice things for dinner
    "kam borxh 5 paund te shoku per piceri",  # I owe a friend £5 for pizza
    "mesuesi me tha qe jam gabim ne kete pyetje",  # the teacher told me I'm wrong on this question
    "mami thote qe do me martoje me Ardin haha",  # mum says she'll marry me off to Ardi haha
    "vellai eshte 20 vjec dhe fle tek ai ne fundjave",  # my brother is 20 and I sleep at his at weekends
])
def test_sq_look_alikes_stay_quiet(text):
    assert "safeguarding" not in scan(text).flags
