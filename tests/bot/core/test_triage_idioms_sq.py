"""Albanian no-fire idioms: a parent who "will kill me" over lateness, marks or chores, losing at a game, a ball in
the face, pets, pillow fights, harmless fears, sibling banter and a dead battery stay quiet; the real harm beside
each still fires."""
import pytest

from bot.core.triage.engine import idiom_free, triage


@pytest.mark.parametrize("text", [
    "mami do më vrasë nëse vonohem prapë",  # mum will kill me if I'm late again
    "babi ka me m vra nese e thyej telefonin",  # dad will kill me if I break the phone (Gheg)
    "më vret mami kur të shohë dhomën time haha",  # mum will kill me when she sees my room haha
    "mami do me vrase kur te shohe floket e mia",  # mum will kill me when she sees my hair
    "kujdestarja do me vrase nese harroj celesat prape",  # my carer will kill me if I forget my keys again
    "mami do me vrase se e theva telefonin",  # mum will kill me because I broke the phone
    "nena ka me m vra po u vonova sonte",  # mum will kill me if I'm late tonight (Gheg)
    "mami do me vrase nese nuk e pastroj dhomen",  # mum will kill me if I don't clean my room
    "me rrahu vellai ne fifa",  # my brother beat me at FIFA
    "me rrahu kushuriri ne fifa 4-0",  # my cousin beat me 4-0 at FIFA
    "me goditi topi ne fytyre ne ore te edukimit fizik",  # the ball hit me in the face in PE
    "macja me gervishti doren kur e ledhatova",  # the cat scratched my hand when I stroked her
    "vellai i vogel me sulmoi me jastek",  # my little brother attacked me with a pillow
    "kam frike nga merimangat",  # I'm scared of spiders
    "kam frikë nga errësira",  # I'm scared of the dark
    "kam frike te shkoj te dentisti neser",  # I'm scared to go to the dentist tomorrow
    "do e vras vellain nese me prek xbox-in",  # I'll kill my brother if he touches my Xbox
    "do ta vras motren nese ma han cokollaten prape",  # I'll kill my sister if she eats my chocolate again
    "me ka rene bateria",  # my battery's died
    "po vdes nga vapa ne dhome, jane 30 grade",  # I'm dying of the heat in my room, it's 30 degrees
])
def test_sq_idioms_keep_harmless_messages_quiet(text):
    # Each of these raised safeguarding before the Albanian idioms were written.
    assert idiom_free(text)[1]
    assert "safeguarding" not in triage(text).flags


@pytest.mark.parametrize("text", [
    "vdiqa se qeshuri me videon",  # I died laughing at the video
    "detyrat e shtepise po me vrasin",  # the homework is killing me
    "trajneri na vrau sot ne stervitje",  # the coach killed us at training today
    "me vdiq telefoni",  # my phone died
])
def test_sq_idioms_blank_laughter_homework_training_and_phones(text):
    # These were already quiet; the idiom still has to find them, so nothing else in them is read as harm.
    assert idiom_free(text)[1]
    assert "safeguarding" not in triage(text).flags


@pytest.mark.parametrize("text", [
    "tha që do më vrasë haha",  # he said he'll kill me haha (a reported threat, laughed off)
    "mami tha qe do me vrase nese i tregoj dikujt",  # mum said she'll kill me if I tell anyone
    "njerku do me vrase nese i tregoj kujdestares",  # my stepdad will kill me if I tell my carer
    "babai do me vrase nese flas",  # my father will kill me if I speak
    "njerku me rreh kur vonohem",  # my stepdad beats me when I'm late
    "mami me godet kur vonohem",  # mum hits me when I'm late
    "babi me rrahu se humba ne loje",  # dad beat me because I lost at the game
    "me goditi me top babi",  # dad hit me with a ball
    "do e vras vellain nese me prek perseri",  # I'll kill my brother if he touches me again
    "kam frike nga njerku",  # I'm scared of my stepdad
    "kam frike te shkoj ne shtepi",  # I'm scared to go home
    "kam frike nga ai, vjen naten ne dhomen time",  # I'm scared of him, he comes into my room at night
    "dua te vdes haha",  # I want to die haha
])
def test_sq_harm_beside_the_idioms_still_raises_safeguarding(text):
    assert "safeguarding" in triage(text).flags
