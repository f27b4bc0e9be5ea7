"""Welsh no-fire idioms: a parent who "will kill me" over lateness, hair or a broken phone, dying of laughter,
heat "killing me", hit by the ball or hurt at sport, pets, harmless fears, sibling banter and a dead phone stay
quiet; the harm beside each still raises safeguarding."""
import pytest

from bot.core.triage.engine import triage


@pytest.mark.parametrize("text", [
    "bydd mam yn fy lladd i os dwi'n hwyr adra heno",  # mum will kill me if I'm home late tonight
    "ma mam yn mynd i'n lladd i pan welith hi fy ngwallt pinc",  # mum's going to kill me when she sees my pink hair
    "bydd dad yn fy lladd i, nes i dorri sgrin fy ffôn",  # dad will kill me, I broke my phone screen
    "bydd y foster mam yn fy lladd i pan welith hi fy stafell",  # my foster mum will kill me when she sees my room
    "o'n i'n marw chwerthin pan nath o ddisgyn",  # I was dying laughing when he fell over
    "ma'r gwres ma'n fy lladd i",  # this heat is killing me
    "ges i fy nharo gan y bêl yn y gêm",  # I got hit by the ball in the game
    "nath y bêl fy nharo i yn fy wyneb yn PE",  # the ball hit me in the face in PE
    "nes i dorri fy mraich ar y trampolin",  # I broke my arm on the trampoline
    "nath y ceffyl fy nghicio i yn y cae",  # the horse kicked me in the field
    "mae ofn pryfed cop arna i",  # I'm scared of spiders
    "mae gen i ofn y tywyllwch",  # I'm afraid of the dark
    "mae ofn arna i am y deintydd fory",  # I'm scared about the dentist tomorrow
    "dwi'n mynd i ladd fy chwaer os neith hi wisgo fy hoodie eto",  # I'm going to kill my sister if she wears my hoodie again
    "batri fi di marw",  # my battery's dead
    "mae fy ffôn i wedi marw eto",  # my phone has died again
])
def test_cy_idioms_do_not_raise_safeguarding(text):
    assert "safeguarding" not in triage(text).flags


@pytest.mark.parametrize("text", [
    "dwedodd e y bydd e'n fy lladd i os dw i'n dweud",  # he said he'll kill me if I tell
    "ma llystad yn deud bydd o'n fy lladd i os dwi'n deud wrth neb",  # stepdad says he'll kill me if I tell anyone
    "ma cariad mam yn gweiddi bydd e'n fy lladd i a mae o'n dal cyllell",  # mum's boyfriend shouts he'll kill me and holds a knife
    "ma mam yn fy nharo i os dwi'n hwyr",  # mum hits me if I'm late
    "nath dad fy nharo i efo'r bêl",  # dad hit me with the ball
    "ges i fy nghuro gan fy llystad neithiwr",  # I was beaten by my stepdad last night
    "mae ofn dad arna i",  # I'm scared of dad
    "mae ofn y tywyllwch arna i achos mae llystad yn dod mewn i'r stafell",  # scared of the dark because stepdad comes into the room
    "dwi'n crafu fy mraich yn PE pan dwi'n stressed",  # I scratch my arm in PE when I'm stressed
    "dwi di bod yn brifo fy hun",  # I've been hurting myself
    "mae dad yn waldio fy mrawd os ydi o'n cyffwrdd y teledu",  # dad thrashes my brother if he touches the TV
    "nath dad setio'r ci arna i a nath o fy mrathu i",  # dad set the dog on me and it bit me
])
def test_cy_harm_beside_the_idioms_still_raises_safeguarding(text):
    assert "safeguarding" in triage(text).flags
