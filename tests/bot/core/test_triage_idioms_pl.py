"""Polish no-fire idioms: a parent who "will kill me" over lateness, marks or a broken vase, sport injuries and the
ball in PE, pets, harmless fears, laughter, homework "killing me", sibling banter and a dead phone stay quiet; the
harm beside each still raises safeguarding."""
import pytest

from bot.core.triage.engine import triage


@pytest.mark.parametrize("text", [
    "tata mnie zabije jak zobaczy moje oceny",  # dad will kill me when he sees my marks
    "mama mnie zabije jak wrócę po 22",  # mum will kill me if I get back after 10pm
    "babcia mnie zamorduje jak się dowie że stłukłam jej wazon",  # gran will murder me when she finds out I broke her vase
    "ojciec mnie zabije jak się dowie że oblałem sprawdzian",  # my father will kill me when he finds out I failed the test
    "mama mnie zabije jak zobaczy moje włosy xd",  # mum will kill me when she sees my hair xD
    "piłka uderzyła mnie w twarz na wf",  # the ball hit me in the face in PE
    "uderzyłam się w głowę na trampolinie",  # I hit my head on the trampoline
    "koń mnie kopnął jak go czyściłam",  # the horse kicked me while I was grooming it
    "mój chomik mnie ugryzł w palec",  # my hamster bit my finger
    "siostra mnie zaatakowała poduszką",  # my sister attacked me with a pillow
    "boję się pająków",  # I'm scared of spiders
    "boję się ciemności w domu",  # I'm scared of the dark at home
    "boję się zastrzyków u lekarza",  # I'm scared of injections at the doctor's
    "umieram ze śmiechu xD",  # I'm dying of laughter xD
    "ta praca domowa z fizyki mnie zabija",  # this physics homework is killing me
    "zabiję brata jak jeszcze raz ruszy moją konsolę",  # I'll kill my brother if he touches my console again
    "padł mi telefon",  # my phone died
])
def test_pl_idioms_do_not_raise_safeguarding(text):
    assert "safeguarding" not in triage(text).flags


@pytest.mark.parametrize("text", [
    "powiedział że mnie zabije jak komuś powiem",  # he said he'd kill me if I tell anyone
    "ojczym powiedział że mnie zabije jak jeszcze raz się poskarżę",  # stepdad said he'd kill me if I complain again
    "mama mnie zabije jak się dowie że powiedziałam w szkole",  # mum will kill me when she finds out I told at school
    "mój brat mnie zabije jeśli przyniosę wstyd rodzinie",  # my brother will kill me if I bring shame on the family
    "tata mnie zabije jak zobaczy moje oceny, ostatnio mnie pobił",  # dad will kill me when he sees my marks, last time he beat me
    "tata mnie bije jak się spóźnię",  # dad hits me when I'm late
    "ojczym mnie uderzył piłką w twarz",  # stepdad hit me in the face with a ball
    "pobili mnie po meczu",  # they beat me up after the match
    "boję się ojczyma",  # I'm scared of my stepdad
    "boję się ciemności bo wtedy ojczym przychodzi do mojego pokoju",  # scared of the dark because then stepdad comes to my room
    "powiedział że zabije brata jak komuś powiem",  # he said he'll kill my brother if I tell anyone
    "chcę umrzeć",  # I want to die
])
def test_pl_harm_beside_the_idioms_still_raises_safeguarding(text):
    assert "safeguarding" in triage(text).flags
