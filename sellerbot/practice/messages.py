"""The practice checks' own texts, as gettext source strings (catalogs in locales/)."""

from sellerbot.engine.messages import N_

JUNK_LAUGHTER = N_("Glad you are enjoying it! Now write a real answer, in a few words of your own.")
JUNK_ASKS_FOR_HELP = N_(
    "Have a go yourself, even a rough one: a first try is how you learn, and I will tell you"
    " what to improve."
)
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
PRICE_COSTS_IN_ALL = N_("Your costs, as you add them up: {cost} in all.")
PRICE_FEE = N_("With a platform fee of {rate} of the price: {cost} ÷ (1 − {rate}) = {need}.")
PRICE_BELOW = N_(
    "Your price of {price} is below that: you would lose {loss} on each one. Ask at least {need}."
)
PRICE_BREAKS_EVEN = N_(
    "Your price of {price} only breaks even: {spare} over your costs pays almost nothing for"
    " your work. Add what you want to earn, for example {example}."
)
OFFER_LOSES = N_(
    "Your discount of {discount} is not less than the {profit} you make on each one: every"
    " sale would lose {loss} or earn nothing. Take less off, or raise the price first."
)
PRICE_COVERS = N_("✅ Your price of {price} covers your costs with {spare} to spare on each one.")

# Photo coaching: one concrete fix per problem.
PHOTO_TOO_SMALL = N_(
    "📏 The photo is small ({width}×{height}). Send it at full size, or step closer and take it"
    " again."
)
PHOTO_TOO_DARK = N_(
    "🌑 Too dark: buyers cannot see the produce. Move next to a window or outside in the shade;"
    " turn the flash off."
)
PHOTO_BLOWN_OUT = N_(
    "☀️ Too bright: parts of the photo are pure white. Move out of direct sun into soft shade,"
    " or tap the screen on the produce to set the light."
)
PHOTO_BLURRY = N_(
    "🫨 The photo is blurred. Hold the phone with both hands, tap the produce on the screen to"
    " focus, and hold still for a second."
)
PHOTO_TOO_FAR = N_(
    "🔍 The produce fills only a little of the photo. Step closer so it fills most of the frame."
)
PHOTO_BUSY = N_(
    "🧺 The background is busy. Put the produce on a plain board, cloth or wall and clear"
    " everything else away."
)
PHOTO_GOOD = N_(
    "📷 Good photo: bright, sharp, the produce fills the frame, and the background is plain."
)
PHOTO_NOT_READ = N_("I could not open that photo. Send it again as a photo, not as a file.")

# What a passing answer was found to do, instead of a plain "Well done!".
FOUND_QUANTITY = N_("✅ You give a clear number: {number}.")
FOUND_TIME = N_("✅ You name a time buyers can count on: {time}.")
FOUND_NO_CLAIMS = N_(
    "✅ No claim a buyer could doubt: no health promises, no “best”, no fake prices."
)
