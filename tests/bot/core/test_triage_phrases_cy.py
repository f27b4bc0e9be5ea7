"""Welsh phrase lists: sexual abuse, grooming, exploitation, emotional abuse and forced marriage raise safeguarding; look-alikes do not."""
import pytest

from bot.core.triage.engine import scan


@pytest.mark.parametrize("text", [
    "mae llystad yn rhoi ei law dan fy nhop pan mae mam allan",  # my stepdad puts his hand under my top when mum is out
    "ma rhywun yn yr ysgol yn rhannu lluniau noeth ohona i",  # someone at school is sharing naked pictures of me
    "mae o'n neud i fi wylio porno efo fo",  # he makes me watch porn with him
    "ma boi ar snapchat yn gofyn lle dwi'n byw",  # a guy on Snapchat is asking where I live
    "nath o ddeud wrtha i am beidio deud wrth fy social worker amdano fo",  # he told me not to tell my social worker about him
    "mae o'n 26 ac isio i fi gwrdd efo fo ar ol ysgol",  # he's 26 and wants me to meet him after school
    "dwi'n gorfod cuddio drygs iddyn nhw yn fy stafell",  # I have to hide drugs for them in my room
    "ma'r bois hyn o'r stad yn deud bo fi'n owio nhw",  # the older boys from the estate say I owe them
    "nathon nhw roi fodca i fi a dwi ddim yn cofio dim byd wedyn",  # they gave me vodka and I don't remember anything after
    "ma llysfam yn galw fi'n ddiwerth o flaen pawb",  # my stepmum calls me worthless in front of everyone
    "dad yn gweiddi ei fod o'n difaru fy nghael i",  # dad shouts that he regrets having me
    "mae'r gofalwr yn bygwth anfon fi nol i ofal os dwi'n crio",  # my carer threatens to send me back into care if I cry
    "mae nhw'n trefnu priodas i fi efo dyn dw i erioed wedi cwrdd",  # they're arranging a marriage for me with a man I've never met
    "dwi'n 15 a ma nhw'n mynd i gorfodi fi i briodi",  # I'm 15 and they're going to force me to marry
    "ma dad yn deud neith o'n lladd i os dwi'n dod a chywilydd ar y teulu",  # dad says he'll kill me if I bring shame on the family
])
def test_cy_harm_phrases_raise_safeguarding(text):
    assert "safeguarding" in scan(text).flags


@pytest.mark.parametrize("text", [
    "nath fy nghariad brynu blodau i fi",  # my boyfriend bought me flowers
    "dwi'n gweithio mewn caffi ar ddydd sadwrn",  # I work in a café on Saturdays
    "ma'r gofalwr yn strict, dim ffôn ar ol 10",  # my carer is strict, no phone after 10
    "dwi'n gwerthu drygs yn GTA lol",  # I sell drugs in GTA lol
    "ma mrawd bach yn dod i fy ngwely pan ma storm",  # my little brother comes into my bed when there's a storm
    "mae'r hyfforddwr yn deud bod fi'n dda i ddim am amddiffyn lol",  # the coach says I'm no good at defending lol
    "mrawd yn galw fi'n useless pan dwi'n colli yn fifa",  # my brother calls me useless when I lose at FIFA
    "nath Sioned ddeud wrtha i am beidio deud wrth neb ei bod hi'n hoffi Tom",  # Sioned told me not to tell anyone she fancies Tom
    "ein cyfrinach ni ydi'r anrheg i mam",  # the present for mum is our secret
    "mae fy nghefnder yn priodi ym mis mehefin!",  # my cousin is getting married in June!
    "dwi'n cario parseli i'r swyddfa bost i nain",  # I carry parcels to the post office for my nan
])
def test_cy_look_alikes_stay_quiet(text):
    assert "safeguarding" not in scan(text).flags
