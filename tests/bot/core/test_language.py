"""Language detection follows script and phrase evidence and never switches on short, weak messages."""
import pytest

from bot.core.language import detect


@pytest.mark.parametrize("text", ["i want to die", "my dad hit me", "help", "ok", "no"])
def test_known_langdetect_traps_stay_english(text):
    assert detect(text)[0] == "en"
    assert detect(text, "en")[0] == "en"


@pytest.mark.parametrize("text", ["Tak", "Diolch", "Dziękuję", "ia", "nie wiem"])
def test_short_foreign_word_in_english_conversation_stays_english(text):
    assert detect(text, "en") == ("en", False)


@pytest.mark.parametrize("text,conversation", [("ok", "cy"), ("yes", "pl"), ("thanks", "ro"), ("no", "ar")])
def test_short_message_keeps_the_conversation_language(text, conversation):
    assert detect(text, conversation)[0] == conversation


@pytest.mark.parametrize(
    "text,lang",
    [
        ("أنا سعيد في المدرسة", "ar"),
        ("میں خوش ہوں", "ur"),
        ("مدرسه خوب است", "fa"),
        ("می‌خواهم شکایت کنم", "fa"),
    ],
)
def test_arabic_script_is_told_apart_by_letters_and_words(text, lang):
    assert detect(text, "en") == (lang, True)


@pytest.mark.parametrize(
    "text,lang",
    [
        ("Tata mnie bije", "pl"),
        ("Dw i eisiau gwneud cwyn am fy ngweithiwr", "cy"),
        ("Mi-e frică acasă, mama mă lovește", "ro"),
        ("mujhe ghar jane se dar lagta hai", "ur"),
        ("Tengo miedo de volver a casa", "es"),
    ],
)
def test_distinctive_message_switches_even_mid_conversation(text, lang):
    assert detect(text, "en")[0] == lang


def test_unsupported_conversation_language_falls_back_to_english():
    assert detect("ok", "xx")[0] == "en"


def test_supported_restricts_the_answer():
    assert detect("Tata mnie bije", supported=("en", "cy"))[0] == "en"
