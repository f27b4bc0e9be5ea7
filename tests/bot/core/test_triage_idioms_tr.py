"""Turkish no-fire idioms: a parent who "will kill me" for lateness, marks or a broken thing, laughter and hunger
hyperbole, things "killing me", game and sport injuries, pets and toddlers, harmless fears, sibling banter and a
dead phone stay quiet; the real threat, hitting, self-harm and fear of a person beside each still fire."""
import pytest

from bot.core.triage.engine import idiom_free, triage


@pytest.mark.parametrize("text", [
    "matematikten kalırsam babam beni keser",  # if I fail maths dad will "cut" (kill) me
    "annem saçımı görünce beni öldürecek xd",  # mum will kill me when she sees my hair xd
    "eve geç kalırsam babam beni öldürecek",  # if I'm home late dad will kill me
    "annemin vazosunu kırdım beni öldürecek",  # I broke mum's vase, she'll kill me
    "babam beni gebertecek sjsjsj",  # dad is going to kill me lol
    "açım yemek ne zaman",  # I'm hungry, when's dinner
    "ayaklarım beni öldürüyor",  # my feet are killing me
    "bisikletten düştüm dizim kanadı",  # I fell off my bike and my knee bled
    "paten kayarken düştüm kafamı çarptım",  # I fell while skating and banged my head
    "3 yaşındaki yeğenim bana vurdu",  # my 3-year-old nephew hit me
    "örümcekten korkuyorum",  # I'm scared of spiders
    "evde karanlıktan korkuyorum",  # at home I'm scared of the dark
    "dişçiden korkuyorum",  # I'm scared of the dentist
    "iğneden korkuyorum",  # I'm scared of needles
    "kan aldırmaktan korkuyorum",  # I'm scared of having blood taken
    "köpeklerden korkuyorum",  # I'm scared of dogs
    # Quiet even before the idioms; kept as guards for the idioms that blank them.
    "kardeşim bir daha xboxıma dokunursa onu öldürürüm",  # if my brother touches my xbox again I'll kill him
    "gülmekten öldüm jsjsjs",  # I died laughing lol
    "kedi kolumu tırmaladı",  # the cat scratched my arm
    "telefonumun şarjı öldü",  # my phone's battery died
])
def test_tr_idioms_stay_quiet(text):
    assert idiom_free(text)[1]
    assert "safeguarding" not in triage(text).flags


@pytest.mark.parametrize("text", [
    "üvey babam kimseye söylersem beni öldüreceğini söyledi",  # my stepdad said he'd kill me if I tell anyone
    "babam beni öldürecek, çok korkuyorum",  # dad is going to kill me, I'm really scared
    "geç kaldım diye babam beni kemerle dövdü",  # dad beat me with a belt because I was late
    "annem geç kalırsam beni dövüyor",  # mum beats me if I'm late
    "geç kalırsam babam beni öldürür, geçen sefer kemerle dövdü",  # dad will "kill" me if I'm late; last time he beat me with a belt
    "maçtan sonra babam bana tokat attı",  # after the match dad slapped me
    "kedi beni tırmaladı ama babam bana vurdu",  # the cat scratched me but dad hit me
    "annemin sevgilisinden korkuyorum",  # I'm scared of mum's boyfriend
    "karanlıktan korkuyorum çünkü üvey babam geceleri odama giriyor",  # I'm scared of the dark because my stepdad comes into my room at night
    "eve gitmekten korkuyorum",  # I'm scared to go home
    "evde yemek yok üç gündür açım",  # there's no food at home, I've been hungry for three days
    "kendimi kesiyorum",  # I cut myself
    "ölmek istiyorum",  # I want to die
])
def test_tr_harm_beside_the_idioms_still_raises_safeguarding(text):
    assert "safeguarding" in triage(text).flags
