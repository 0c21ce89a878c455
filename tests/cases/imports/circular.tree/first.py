EARLY = "early"
import second
FROM_SECOND = second.VALUE
