"""Polish phrase lists: sexual abuse, grooming, exploitation, emotional abuse and forced marriage raise safeguarding; look-alikes do not."""
import pytest

from bot.core.triage.engine import scan


@pytest.mark.parametrize("text", [
    "wujek wkłada mi rękę pod koszulkę jak oglądamy tv",  # my uncle puts his hand under my T-shirt when we watch TV
    "ojczym obmacuje mnie w kuchni jak mamy nie ma",  # my stepdad gropes me in the kitchen when mum is out
    "ktoś z klasy rozsyła moje nagie zdjęcia",  # someone from my class is sending round my naked photos
    "dziadek pokazuje mi filmy porno na telefonie",  # grandad shows me porn films on his phone
    "jakiś facet z tiktoka prosi żebym przyjechała do niego w sobotę",  # some man from TikTok is asking me to come to his place on Saturday
    "pan z siłowni mówi że to nasz mały sekret",  # the man from the gym says it's our little secret
    "mam 14 lat a mój chłopak ma 22 lata, czasem śpię u niego",  # I'm 14 and my boyfriend is 22, sometimes I sleep at his
    "starsi koledzy z osiedla każą mi trzymać dragi w szafie",  # older lads from the estate make me keep drugs in my wardrobe
    "mówią że wiszę im 500 funtów i muszę jeździć z plecakiem",  # they say I owe them £500 and I have to go about with a backpack
    "pan z warsztatu kupuje mi vapy ale chce żebym się przy nim rozebrała",  # the man from the garage buys me vapes but wants me to undress in front of him
    "dosypali mi czegoś do picia i nie pamiętam nocy",  # they slipped something into my drink and I don't remember the night
    "ojczym krzyczy że jestem śmieciem i nikt mnie nie chce",  # my stepdad shouts that I'm rubbish and nobody wants me
    "foster mama żałuje że mnie wzięła i mówi to przy wszystkich",  # my foster mum regrets taking me and says so in front of everyone
    "opiekunka straszy że odeśle mnie z powrotem do domu dziecka",  # my carer threatens to send me back to the children's home
    "tata planuje wydać mnie za mąż za kuzyna w pakistanie",  # dad is planning to marry me off to a cousin in Pakistan
    "rodzice chcą zmusić mnie do ślubu z obcym facetem",  # my parents want to force me to marry a man I don't know
    "wujek powiedział że mnie zabije jak przyniosę hańbę rodzinie",  # my uncle said he'll kill me if I bring shame on the family
    "nie widzę sensu żeby dalej żyć",  # I see no point in going on living
])
def test_pl_harm_phrases_raise_safeguarding(text):
    assert "safeguarding" in scan(text).flags


@pytest.mark.parametrize("text", [
    "mój chłopak kupił mi kwiaty 🌹",  # my boyfriend bought me flowers
    "pracuję w kawiarni w soboty",  # I work in a café on Saturdays
    "moja foster mama jest surowa i nie pozwala mi wychodzić po 21",  # my foster mum is strict and won't let me out after 9pm
    "w GTA sprzedaję dragi żeby mieć kasę xd",  # in GTA I sell drugs to get cash lol
    "trener mówi że jestem do niczego w obronie haha",  # the coach says I'm useless at defending haha
    "młodszy brat przychodzi do mojego łóżka jak jest burza",  # my little brother gets into my bed when there's a storm
    "koleżanka prosiła żebym nikomu nie mówiła że lubi Kubę",  # a friend asked me not to tell anyone she likes Kuba
    "mama mówi że to nasz sekret, prezent dla taty na urodziny",  # mum says it's our secret, a present for dad's birthday
    "mama grozi że wywali mnie z domu jak nie posprzątam xd",  # mum threatens to kick me out if I don't tidy up lol
    "mój brat ma 25 lat i czasem śpię u niego",  # my brother is 25 and sometimes I sleep at his
    "kuzynka wychodzi za mąż w czerwcu!",  # my cousin is getting married in June!
    "rozwożę paczki dla DPD po mieście, fajna praca",  # I deliver parcels round town for DPD, nice job
    "wiszę Oli 10 zł za pizzę",  # I owe Ola 10 zloty for pizza
    "nie widzę sensu tej lekcji, nudy",  # I see no point in this lesson, boring
])
def test_pl_look_alikes_stay_quiet(text):
    assert "safeguarding" not in scan(text).flags
