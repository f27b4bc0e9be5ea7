"""Romanian phrase lists: sexual abuse, grooming, exploitation, emotional abuse and forced marriage raise safeguarding; look-alikes do not."""
import pytest

from bot.core.triage.engine import scan


@pytest.mark.parametrize("text", [
    "antrenorul isi baga mana pe sub tricoul meu la vestiar",  # the coach puts his hand under my T-shirt in the changing room
    "iubitul mamei m-a pipăit când dormeam",  # mum's boyfriend groped me while I was asleep
    "un coleg a pus pe grup poze cu mine in lenjerie",  # a classmate posted photos of me in my underwear on the group chat
    "un barbat de pe roblox imi cere adresa si poze",  # a man on Roblox is asking for my address and photos
    "educatorul imi scrie noaptea si zice ca e secretul nostru",  # the care worker messages me at night and says it's our secret
    "ma pun sa ascund iarba in camera mea pentru ei",  # they make me hide weed in my room for them
    "acum zic ca le datorez 500 de lire si ca trebuie sa lucrez pentru ei",  # now they say I owe them £500 and have to work for them
    "un nene imi da tigari daca stau in poala lui",  # a man gives me cigarettes if I sit on his lap
    "tatal vitreg urla ca sunt un gunoi si ca nimeni nu ma vrea",  # my stepdad yells that I'm rubbish and nobody wants me
    "mama vitrega zice ca regreta ca m-a luat de la centru",  # my stepmum says she regrets taking me from the children's centre
    "mama ma ameninta ca ma da afara in strada",  # my mum threatens to throw me out on the street
    "tata vrea sa ma marite cu un om de 40 de ani",  # dad wants to marry me off to a 40-year-old man
    "parintii ma obliga sa ma casatoresc cu varul meu",  # my parents are forcing me to marry my cousin
    "unchiul zice ca ma omoara daca fac de rusine familia",  # my uncle says he'll kill me if I shame the family
])
def test_ro_harm_phrases_raise_safeguarding(text):
    assert "safeguarding" in scan(text).flags


@pytest.mark.parametrize("text", [
    "iubitul meu mi-a luat flori 🌹",  # my boyfriend bought me flowers
    "lucrez la o cafenea sambata",  # I work at a café on Saturdays
    "mama foster e stricta, nu ma lasa afara dupa ora 10",  # my foster mum is strict, won't let me out after 10
    "in GTA vand droguri ca sa fac bani lol",  # in GTA I sell drugs to make money lol
    "antrenorul zice ca sunt un ratat la fotbal haha",  # the coach says I'm a loser at football haha
    "sora mea mica se baga in patul meu cand e furtuna",  # my little sister gets into my bed when there's a storm
    "colega mi-a zis sa nu spun la nimeni ca ii place de Andrei",  # a friend told me not to tell anyone she fancies Andrei
    "mama ma pune sa duc pachetele la posta",  # mum makes me take the parcels to the post office
    "mama mi-a zis ca e secretul nostru, cadoul pentru tata",  # mum told me it's our secret, the present for dad
    "mama zice ca ma marita cu primul venit lol",  # mum says she'll marry me off to the first comer lol
    "verisoara mea se marita la vara, abia astept nunta!",  # my cousin is getting married this summer, can't wait for the wedding!
    "bunica imi da bani cand stau in bratele ei",  # gran gives me money when I sit in her arms
])
def test_ro_look_alikes_stay_quiet(text):
    assert "safeguarding" not in scan(text).flags
