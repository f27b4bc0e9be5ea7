"""Turkish phrase lists: sexual abuse, grooming, exploitation, emotional abuse and forced marriage raise safeguarding; look-alikes do not."""
import pytest

from bot.core.triage.engine import scan


@pytest.mark.parametrize("text", [
    "eniştem elini tişörtümün altına sokuyor",  # my uncle (aunt's husband) puts his hand under my t-shirt
    "uvey babam geceleri odama giriyor",  # my stepdad comes into my room at night
    "annemin sevgilisi bana porno izletiyor",  # mum's boyfriend makes me watch porn
    "discordda tanistigim biri bulusmak istiyor, ailene soyleme diyor",  # someone I met on Discord wants to meet, says don't tell your family
    "30 yasinda bir adam kimseye soyleme diyor",  # a 30-year-old man says don't tell anyone
    "video atmazsam herkese gosterecekmis",  # he says if I don't send a video he'll show it to everyone
    "abiler bana esrar taşıtıyor",  # the older boys make me carry weed
    "bedava sigara verdi simdi borclusun diyor",  # he gave me free cigarettes, now says I owe him
    "sevgilim 25 yasinda ben 14",  # my boyfriend is 25, I'm 14
    "babam bana her gun sen bir hatasin diyor",  # my dad tells me every day "you're a mistake"
    "annem keşke seni doğurmasaydım diyor",  # my mum says "I wish I'd never given birth to you"
    "koruyucu ailem beni yurda geri gondermekle tehdit ediyor",  # my foster family threaten to send me back to the children's home
    "babam beni yazin kuzenimle evlendirecek",  # my dad is going to marry me to my cousin this summer
    "15 yasindayim ve ailem beni nisanlamak istiyor",  # I'm 15 and my family want to get me engaged
    "abim namusumuzu kirletirsen seni oldururum diyor",  # my brother says "if you stain our honour I'll kill you"
])
def test_tr_harm_phrases_raise_safeguarding(text):
    assert "safeguarding" in scan(text).flags


@pytest.mark.parametrize("text", [
    "sevgilim bana cicek aldi 💕",  # my boyfriend bought me flowers
    "cumartesileri kafede calisiyorum",  # I work in a café on Saturdays
    "annem cok kati, aksam disari cikmama izin vermiyor",  # my mum is very strict, won't let me go out in the evening
    "babam gece odama gelip iyi geceler diyor",  # dad comes to my room at night and says goodnight
    "kardesimi yazin sunnet ettirecekler, dugun olacak",  # they're having my little brother circumcised this summer, there'll be a party
    "ablami gecen yil evlendirdik, dugun guzeldi",  # we married off my older sister last year, the wedding was lovely
    "kanka oyunda beni oldurdun jsjs",  # mate you killed me in the game lol
    "arkadasim kimseye soyleme dedi, ahmetten hoslaniyormus",  # my friend said don't tell anyone, she fancies Ahmet
    "oyunda biri bana skin hediye etti cok iyi biriydi",  # someone in the game gave me a skin, really nice person
    "kargoda calisiyorum paketleri tasiyorum",  # I work at a courier, I carry parcels
    "derste namus cinayeti haberini okuduk adam karisini oldurmus",  # in class we read news of an honour killing, a man killed his wife
    "kardesim bebeklik fotomu buldu cikolatami vermezsem herkese gosterecekmis jsjs",  # my sibling found my baby photo, says they'll show everyone if I don't give them my chocolate lol
])
def test_tr_look_alikes_stay_quiet(text):
    assert "safeguarding" not in scan(text).flags
