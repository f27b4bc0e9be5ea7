"""Urdu (Urdu script and Roman Urdu) no-fire idioms: a parent who "will kill me" for lateness, marks or a broken
thing, laughter and hunger hyperbole, things "killing me", games and sport, pets and toddlers, harmless fears,
sibling banter and a dead phone stay quiet; the real threat, hitting, self-harm and fear of a person still fire."""
import pytest

from bot.core.triage.engine import idiom_free, triage


@pytest.mark.parametrize("text", [
    "ammi mujhe maar dengi agar main late hua",  # Roman Urdu: mum will kill me if I'm late
    "abbu ne mera result dekha to mujhe zinda nahi chhorenge",  # Roman Urdu: if dad sees my result he won't leave me alive
    "maine ammi ka phone tor diya, woh mujhe maar dalengi",  # Roman Urdu: I broke mum's phone, she'll kill me
    "امی مجھے مار دیں گی اگر میں لیٹ ہوئی",  # mum will kill me if I'm late
    "اگر رزلٹ خراب آیا تو ابو مجھے جان سے مار دیں گے ہاہاہا",  # if my result is bad dad will kill me hahaha
    "امی میری جان لے لیں گی جب میرا کمرہ دیکھیں گی",  # mum will have my life when she sees my room
    "bhook se mar raha hoon khana kab milega",  # Roman Urdu: I'm dying of hunger, when's dinner
    "mere paon dard se mar rahe hain",  # Roman Urdu: my feet are killing me
    "free fire mein mujhe maar diya ek bande ne",  # Roman Urdu: some guy killed me in Free Fire
    "billi ne mujhe panja maara",  # Roman Urdu: the cat clawed me
    "بلی نے مجھے پنجہ مارا",  # the cat clawed me
    "mera 2 saal ka bhai mujhe maarta rehta hai khelte hue 😂",  # Roman Urdu: my 2-year-old brother keeps hitting me when we play 😂
    "mujhe makri se dar lagta hai",  # Roman Urdu: I'm scared of spiders
    "injection se dar lagta hai mujhe",  # Roman Urdu: I'm scared of injections
    "مجھے اندھیرے سے ڈر لگتا ہے",  # I'm scared of the dark
    "agar bhai ne meri xbox ko haath lagaya to usay maar dunga",  # Roman Urdu: if my brother touches my xbox I'll kill him
    "اگر بھائی نے میرا ایکس باکس چھوا تو اسے مار دوں گا",  # if my brother touches my xbox I'll kill him
    # Quiet even before the idioms; kept as guards for the idioms that blank them.
    "hans hans ke mar gaya 😂",  # Roman Urdu: I died laughing 😂
    "فون کی بیٹری مر گئی",  # the phone battery died
    "mujhe sab ke samne bolne se dar lagta hai, koi mere saath aa sakta hai?",  # I'm scared to speak in front of everyone, can someone come with me?
])
def test_ur_idioms_stay_quiet(text):
    assert idiom_free(text)[1]
    assert "safeguarding" not in triage(text).flags


@pytest.mark.parametrize("text", [
    "sotele abbu kehte hain agar kisi ko bataya to mujhe maar denge",  # Roman Urdu: my stepdad says if I tell anyone he'll kill me
    "abbu ne kaha woh mujhe maar dalenge",  # Roman Urdu: dad said he'll kill me
    "ابو نے کہا اگر کسی کو بتایا تو مجھے جان سے مار دیں گے",  # dad said if I tell anyone he'll kill me
    "agar main late ghar aayi to abbu mujhe belt se maarte hain",  # Roman Urdu: if I come home late dad hits me with a belt
    "result kharab aaya to abbu ne mujhe belt se maara",  # Roman Urdu: my result was bad so dad hit me with a belt
    "agar late hui to ammi mujhe maar dengi, pichli dafa chappal se maara tha",  # Roman Urdu: mum will "kill" me if I'm late; last time she hit me with a slipper
    "billi ne panja maara aur phir abbu ne mujhe thappar maara",  # Roman Urdu: the cat clawed me and then dad slapped me
    "bara bhai mujhe roz maarta hai",  # Roman Urdu: my big brother hits me every day
    "ammi ke boyfriend se bohat dar lagta hai",  # Roman Urdu: I'm really scared of mum's boyfriend
    "مجھے ابو سے ڈر لگتا ہے",  # I'm scared of dad
    "mujhe andhere se dar lagta hai kyunke abbu raat ko mere kamre mein aate hain",  # Roman Urdu: I'm scared of the dark because dad comes into my room at night
    "ghar mein khana nahi hai bhook se mar raha hoon",  # Roman Urdu: there's no food at home, I'm starving
    "main mar jana chahti hoon",  # Roman Urdu: I want to die
    "mujhe abbu ke ghar jane se dar lagta hai",  # I'm scared to go to dad's house
])
def test_ur_harm_beside_the_idioms_still_raises_safeguarding(text):
    assert "safeguarding" in triage(text).flags
