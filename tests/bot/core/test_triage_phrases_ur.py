"""Urdu phrase lists: sexual abuse, grooming, exploitation, emotional abuse and forced marriage raise safeguarding; look-alikes do not."""
import pytest

from bot.core.triage.engine import scan


@pytest.mark.parametrize("text", [
    # sexual
    "woh meri raan par haath pherta hai",  # Roman Urdu: he runs his hand over my thigh
    "چچا میری ران پر ہاتھ پھیرتے ہیں",  # my uncle runs his hand over my thigh
    "sotele abbu raat ko mere bistar mein aa jate hain",  # Roman Urdu: my stepdad comes into my bed at night
    # grooming
    "snap pe ek uncle meri tasveerein maang raha hai",  # Roman Urdu: an "uncle" on Snapchat is asking for my pictures
    "ٹک ٹاک پر ایک انکل مجھے ملنے بلاتا ہے",  # an "uncle" on TikTok keeps asking me to come and meet him
    "ek 28 saal ka banda mujhe gifts deta hai",  # Roman Urdu: a 28-year-old guy gives me gifts
    # exploitation
    "bare larke mujh se weed bechwate hain",  # Roman Urdu: the older boys make me sell weed
    "محلے کے لڑکے مجھ سے چرس پہنچواتے ہیں",  # the boys from the area make me deliver hash
    "jis agent ne mujhe UK pohanchaya woh ab dhamki deta hai",  # Roman Urdu: the agent who brought me to the UK now threatens me
    # emotional
    "ammi kehti hain tum ek ghalti ho",  # Roman Urdu: mum says I'm a mistake
    "سوتیلی امی کہتی ہیں کاش تم پیدا نہ ہوتے",  # my stepmum says she wishes I'd never been born
    "abbu ne kaha tumhe ghar se nikal dunga",  # Roman Urdu: dad said he'll throw me out of the house
    # forced marriage and honour
    "ghar wale meri marzi ke khilaf nikah karwa rahe hain",  # Roman Urdu: my family are arranging my nikah against my will
    "ابو مجھے بنگلہ دیش لے جا کر میرا نکاح کروا دیں گے",  # dad will take me to Bangladesh and have me married
    "chacha ne dhamki di ke izzat kharab ki to jaan se maar denge",  # Roman Urdu: my uncle threatened to kill me if I ruin the family honour
    "abbu kehte hain garmiyon mein meri shadi hogi, main 14 saal ki hoon",  # Roman Urdu: dad says I'll be married in the summer, I'm 14
    # suicidal thoughts
    "dil karta hai sab kuch khatam kar dun",  # Roman Urdu: I feel like ending everything
    "کبھی کبھی سوچتی ہوں اپنی زندگی ختم کر دوں",  # sometimes I think of ending my life
])
def test_ur_harm_phrases_raise_safeguarding(text):
    assert "safeguarding" in scan(text).flags


@pytest.mark.parametrize("text", [
    "mere fiance ne mujhe phool diye, bohat khush hoon",  # my fiancé gave me flowers, I'm so happy
    "main Saturday ko ek dukaan pe kaam karta hoon",  # I work at a shop on Saturdays
    "میں ہفتے کو ایک دکان پر کام کرتا ہوں",  # I work at a shop on Saturdays
    "agle mahine meri behen ki shadi hai, main 15 ki hoon aur mehndi lagwaungi",  # my sister's wedding is next month, I'm 15 and will have mehndi done
    "میرے کزن کی شادی پاکستان میں ہے، ہم سب جا رہے ہیں",  # my cousin's wedding is in Pakistan, we're all going
    "ammi bohat strict hain, raat 9 baje ke baad bahar nahi jane deti",  # mum is very strict, she won't let me out after 9pm
    "PUBG mein ek banda bohat acha khelta hai",  # a guy in PUBG plays really well
    "ammi kehti hain main ghalti se namak zyada daal deti hoon 😂",  # mum says I put too much salt in by mistake 😂
    "film mein smuggler ne sab ko dhoka diya lol",  # in the film the smuggler tricked everyone lol
    "abbu kehte hain mera phone kisi kaam ka nahi",  # dad says my phone is useless
    "izzat se baat karo warna maar dunga 😂",  # talk respectfully or I'll hit you 😂
    "maine ammi ke paise liye kisi ko mat batana",  # I took mum's money, don't tell anyone
    "insta pe ek larka kehta hai photos achi hain",  # a boy on Insta says the photos are nice
    "bhai ne sab khana khatam kar diya",  # my brother finished all the food
    "yahan sab ache hain, koi mujhe tang nahi karta",  # everyone here is nice, nobody bothers me
    "kya mujhe kal school se chutti mil sakti hai?",  # can I have tomorrow off school?
])
def test_ur_look_alikes_stay_quiet(text):
    assert "safeguarding" not in scan(text).flags
