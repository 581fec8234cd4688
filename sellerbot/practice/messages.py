"""The practice checks' own texts, as gettext source strings (catalogs in locales/)."""

from sellerbot.engine.messages import N_

JUNK_LAUGHTER = N_("Glad you are enjoying it! Now write a real answer, in a few words of your own.")
JUNK_NO_WORDS = N_("I only see symbols or emoji. Write your answer in words.")
JUNK_FILLER = N_(
    "That is not an answer to the task yet. Write it in a few words of your own, as you would"
    " for a buyer."
)
WRONG_LANGUAGE = N_(
    "This course is in English: please write your answer in English, or choose another"
    " language with /language."
)
PRICE_NO_COSTS = N_(
    'I could not find your costs. List each one with its number, for example "oranges 30,'
    ' box 4, shipping 10".'
)
PRICE_NO_PRICE = N_(
    'I could not find the price you will ask. Add it with its number, for example "price 58".'
)
PRICE_COSTS = N_("Your costs: {sum} = {cost}.")
PRICE_FEE = N_("With a platform fee of {rate} of the price: {cost} ÷ (1 − {rate}) = {need}.")
PRICE_BELOW = N_(
    "Your price of {price} is below that: you would lose {loss} on each one. Ask at least {need}."
)
PRICE_COVERS = N_("✅ Your price of {price} covers your costs with {spare} to spare on each one.")
