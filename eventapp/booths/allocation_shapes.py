"""The shapes of the allocator's data: the problem it is given (booths, applications, zone rules)
and the result it returns (placements, applications left out, a report per solver stage).
Plain dataclasses, no database; eventapp.booths.allocation works on them."""
from dataclasses import dataclass, field


@dataclass(frozen=True)
class BoothSpec:
    id: int
    code: str
    zone: str
    x: float
    y: float
    width: float
    height: float
    corner: bool = False
    power: bool = False
    water: bool = False


@dataclass(frozen=True)
class Preference:
    rank: int
    zone: str | None = None
    booth_id: int | None = None


@dataclass(frozen=True)
class ApplicationSpec:
    id: int
    name: str
    sector: str
    booths_wanted: int = 1
    products: frozenset = frozenset()
    needs_corner: bool = False
    needs_power: bool = False
    needs_water: bool = False
    priority: bool = False
    preferences: tuple = ()
    locked: frozenset = frozenset()  # booth ids locked to this application


@dataclass
class Problem:
    booths: list                       # every booth of the plan (BoothSpec)
    available: set                     # ids the allocator may give out
    applications: list                 # ApplicationSpec
    zone_sectors: dict = field(default_factory=dict)  # zone -> sectors it admits (restricted zones only)


@dataclass
class Placement:
    application_id: int
    booth_ids: tuple
    rank: int | None  # the best preference met, None when none
    points: int
    locked: bool = False  # entirely made of locked booths


@dataclass
class Unplaced:
    application_id: int
    reason: str
    candidates: int = 0


@dataclass
class StageReport:
    name: str      # "satisfaction" or "layout"
    solver: str    # "linear_sum_assignment", "cp-sat", "cp-sat + HiGHS LP bound", "trivial"
    status: str    # OPTIMAL, FEASIBLE, NO_SOLUTION
    objective: float
    bound: float | None  # valid for the whole problem; None when unknown
    seconds: float
    restricted: bool = False  # searched only the most promising candidates

    @property
    def proven_optimal(self):
        return self.status == "OPTIMAL"

    @property
    def gap(self):
        """Relative distance to the bound (0 when proven optimal, None when no bound is known)."""
        if self.status == "OPTIMAL":
            return 0.0
        if self.bound is None:
            return None
        if not self.bound:
            return 0.0 if not self.objective else None
        return abs(self.bound - self.objective) / abs(self.bound)


@dataclass
class AllocationResult:
    placements: list
    unplaced: list
    stages: list
    satisfaction: int
    same_sector_pairs: int
    same_product_pairs: int
    candidates: int
    seconds: float
    satisfaction_seconds: float = 0.0  # from the start until the satisfaction stage was done

    @property
    def proven_optimal(self):
        return all(stage.proven_optimal for stage in self.stages)

    def booths_of(self, application_id):
        for placement in self.placements:
            if placement.application_id == application_id:
                return placement.booth_ids
        return ()
