"""Romanian no-fire idioms: a parent who "will kill me" over lateness, marks or chores, losing at a game, sport
injuries, pets, pillow fights, harmless fears and sibling banter stay quiet; the real harm beside each still fires."""
import pytest

from bot.core.triage.engine import idiom_free, triage


@pytest.mark.parametrize("text", [
    "mama ma omoara daca intarzii iar la cina",  # mum will kill me if I'm late for dinner again
    "mă omoară mama dacă ajung târziu acasă haha",  # mum will kill me if I get home late haha
    "maica-mea o sa ma omoare daca pic testul la mate",  # my mum's going to kill me if I fail the maths test
    "tata ma omoara cand vede carnetul de note 😂",  # dad will kill me when he sees my report card 😂
    "mama o sa ma omoare cand vede ce am facut cu parul",  # mum's going to kill me when she sees what I did to my hair
    "mama o sa ma omoare =)) am mancat ultimul iaurt",  # mum's going to kill me =)) I ate the last yoghurt
    "mama ma omoara daca nu fac curat in camera",  # mum will kill me if I don't tidy my room
    "ne-au batut rau la meci azi",  # they beat us badly at the match today
    "am luat bataie 4-1 in finala",  # we got thrashed 4-1 in the final
    "m-a batut verisorul meu la fifa iar",  # my cousin beat me at FIFA again
    "ma dor picioarele si m-am lovit la genunchi la baschet",  # my legs hurt and I banged my knee at basketball
    "pisica m-a zgariat pe mana",  # the cat scratched my hand
    "cainele m-a muscat de picior dar nu grav",  # the dog bit my leg but not badly
    "fratiorul meu m-a lovit cu perna azi dimineata",  # my little brother hit me with a pillow this morning
    "mi-e frica de paianjeni",  # I'm scared of spiders
    "mi-e frica de examenul auto",  # I'm scared of the driving test
    "mi-e frica de ace",  # I'm scared of needles
    "il omor pe frate-miu daca se mai atinge de xbox-ul meu",  # I'll kill my brother if he touches my Xbox again
    "o omor pe sora-mea daca imi mai poarta hanoracul",  # I'll kill my sister if she wears my hoodie again
])
def test_ro_idioms_keep_harmless_messages_quiet(text):
    # Each of these raised safeguarding before the Romanian idioms were written.
    assert idiom_free(text)[1]
    assert "safeguarding" not in triage(text).flags


@pytest.mark.parametrize("text", [
    "am murit de ras la faza aia 😂",  # I died laughing at that 😂
    "mor de foame, cand e gata cina?",  # I'm starving, when is dinner ready?
    "tema la romana ma omoara",  # the Romanian homework is killing me
    "antrenorul ne-a omorat azi la antrenament",  # the coach killed us at training today
    "mi-a murit telefonul",  # my phone died
    "mi-e frică să vorbesc în fața lor la ședință",  # I'm scared to speak in front of them at the meeting
])
def test_ro_idioms_blank_laughter_homework_training_and_phones(text):
    # These were already quiet; the idiom still has to find them, so nothing else in them is read as harm.
    assert idiom_free(text)[1]
    assert "safeguarding" not in triage(text).flags


@pytest.mark.parametrize("text", [
    "mama mă omoară dacă află că am vorbit cu asistenta socială",  # mum will kill me if she finds out I spoke to the social worker
    "tata mă bate dacă spun la cineva",  # dad beats me if I tell anyone
    "mama ma omoara daca spun cuiva",  # mum will kill me if I tell anyone
    "tatal vitreg a zis ca o sa ma omoare daca intarzii",  # my stepdad said he's going to kill me if I'm late
    "mama ma bate daca intarzii",  # mum hits me if I'm late
    "tata m-a batut pentru ca am pierdut la fifa",  # dad beat me because I lost at FIFA
    "am luat bataie de la tata la meci",  # I got a beating from dad at the match
    "fratele meu mare ma bate cu cureaua",  # my big brother beats me with a belt
    "tata m-a lovit cu cureaua",  # dad hit me with a belt
    "mi-e frica de tatal vitreg",  # I'm scared of my stepdad
    "mi-e frica sa merg acasa",  # I'm scared to go home
    "mi-e frică să spun ce face tata când bea",  # I'm scared to say what dad does when he drinks
    "il omor pe frate-miu daca ma mai atinge noaptea",  # I'll kill my brother if he touches me again at night
    "ma tai pe mana",  # I cut my arm
])
def test_ro_harm_beside_the_idioms_still_raises_safeguarding(text):
    assert "safeguarding" in triage(text).flags
