"""Spanish no-fire idioms: a parent who "me va a matar" over marks, hair, lateness or a yogurt, laughter, homework
"killing me", games and sport injuries, pets, harmless fears, sibling banter and a dead phone stay quiet; the harm
beside each still raises safeguarding."""
import pytest

from bot.core.triage.engine import triage


@pytest.mark.parametrize("text", [
    "mi padre me va a matar cuando vea las notas",  # my dad is going to kill me when he sees my marks
    "mi madre me mata si suspendo mates",  # my mum will kill me if I fail maths
    "mi madre me va a matar cuando vea mi pelo",  # my mum is going to kill me when she sees my hair
    "me van a matar mis padres cuando vean el boletín",  # my parents are going to kill me when they see my report
    "mi madre me mata como se entere de que me he comido el último yogur",  # mum will kill me if she finds out I ate the last yogurt
    "mi mamá me mata si llego tarde jaja",  # my mum will kill me if I'm late haha
    "jajaja me muero con este meme",  # hahaha I'm dying at this meme
    "estos exámenes me están matando",  # these exams are killing me
    "me mataron en el fortnite jajaja",  # I got killed in Fortnite hahaha
    "me hice daño en la cama elástica",  # I hurt myself on the trampoline
    "me di un golpe en la cabeza con el columpio",  # I banged my head on the swing
    "mi gato me ataca los pies por la noche",  # my cat attacks my feet at night
    "me dan miedo las arañas",  # spiders scare me
    "tengo miedo de ir al dentista",  # I'm scared of going to the dentist
    "me dan miedo las pelis de terror",  # horror films scare me
    "tengo miedo de empezar en el instituto nuevo",  # I'm scared of starting at the new secondary school
    "me aterran las agujas",  # needles terrify me
    "como mi hermana se coma mi yogur la mato",  # if my sister eats my yogurt I'll kill her
    "se me ha muerto el móvil",  # my phone has died
])
def test_es_idioms_do_not_raise_safeguarding(text):
    assert "safeguarding" not in triage(text).flags


@pytest.mark.parametrize("text", [
    "me voy a matar si suspendo",  # I'll kill myself if I fail (about oneself)
    "cuando llego tarde mi padre me mata a golpes",  # when I'm late my dad beats me half to death
    "me va a matar cuando se entere de que hablé con la trabajadora social",  # he'll kill me when he finds out I spoke to the social worker
    "mi padrastro me va a matar si se lo cuento a alguien",  # my stepdad will kill me if I tell anyone
    "mi madre me va a matar si se entera de que te lo he contado",  # mum will kill me if she finds out I told you
    "mi padre dijo que me va a matar",  # my dad said he's going to kill me
    "mi madre me mata si suspendo, la última vez me pegó con el cinturón",  # mum will kill me if I fail, last time she hit me with the belt
    "si llego tarde mi padrastro me mata a palos",  # if I'm late my stepdad beats me half to death
    "me quiero morir",  # I want to die
    "me corto los brazos cuando estoy triste",  # I cut my arms when I'm sad
    "tengo miedo de volver a casa",  # I'm scared of going back home
    "tengo miedo de mi padrastro",  # I'm scared of my stepdad
    "me da miedo la oscuridad porque mi padrastro entra en mi cuarto por la noche",  # the dark scares me because my stepdad comes into my room at night
    "mi padre me mordió",  # my dad bit me
    "el novio de mi madre me dio una paliza",  # my mum's boyfriend beat me up
    "si mi hermano me toca otra vez lo mato",  # if my brother touches me again I'll kill him
    "me estoy muriendo de hambre, no me dan de comer",  # I'm starving, they don't feed me
])
def test_es_harm_beside_the_idioms_still_raises_safeguarding(text):
    assert "safeguarding" in triage(text).flags
