"""Points as the standings add them up (whole hundredths) and as the page writes them."""

from decimal import ROUND_HALF_UP, Decimal


def tidy(points: Decimal) -> Decimal:
    """Points as fans write them: 25, 12.5 (never 25.00 or 2.5E+2)."""
    points = Decimal(points)
    return points.quantize(Decimal(1)) if points == points.to_integral_value() else points.normalize()


# Points are added up in whole hundredths of a point: integer sums are exact and fast, and
# no rule gives less than a hundredth (a halved 0.5 is 0.25).
def to_hundredths(points: Decimal) -> int:
    """Points in whole hundredths: Decimal("12.5") → 1250."""
    return int((points * 100).to_integral_value(ROUND_HALF_UP))


def from_hundredths(hundredths: int) -> Decimal:
    """Hundredths of a point back to tidy points: 1250 → Decimal("12.5")."""
    return tidy(Decimal(hundredths).scaleb(-2))


def points_text(hundredths: int) -> str:
    """Hundredths of a point as the page writes them: 2500 → "25", 1250 → "12.5"."""
    whole, part = divmod(hundredths, 100)
    return f"{whole}.{part:02d}".rstrip("0") if part else str(whole)
