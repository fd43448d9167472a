"""Who and what competes: drivers, teams, manufacturers and car models; and merges of two found to be one."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Case, CharField, Value, When
from django.db.models.functions import Lower
from django_countries.fields import Country, CountryField

from drivers.history import ArchiveHistory
from drivers.naming import car_name, fold, name_sort_key, person_name, unique_slug
from drivers.paths import page_path


class NamedQuerySet(models.QuerySet):
    def matching(self, name: str):
        """Objects whose name matches `name` ignoring case and accents."""
        return self.filter(search_key=fold(name))

    def search(self, query: str):
        """Objects whose name contains every word of `query`, ignoring case and accents."""
        qs = self
        for word in fold(query).split():
            qs = qs.filter(search_key__contains=word)
        return qs

    def countries(self, field: str) -> list[tuple[str, str]]:
        """The countries `field` holds among these objects, as (code, name) choices in order of name."""
        codes = self.order_by().exclude(**{field: ""}).values_list(field, flat=True).distinct()
        return sorted(((code, Country(code).name) for code in codes), key=lambda choice: choice[1])

    def in_country_order(self, field: str, *, descending: bool, then: tuple[str, ...]):
        """These objects in order of the country's name (not its code: Switzerland after Germany), blanks last."""
        then = tuple(f"-{key}" if descending else key for key in then)
        countries = self.countries(field)
        if not countries:  # PostgreSQL refuses to order by a constant (the CASE of no country)
            return self.order_by(*then)
        name = Case(
            *(When(**{field: code}, then=Value(country)) for code, country in countries),
            default=None,
            output_field=CharField(),
        )
        return self.order_by(name.desc(nulls_last=True) if descending else name.asc(nulls_last=True), *then)


class SluggedModel(models.Model):
    """Something with a page: a slug made once from its name, and a search key kept with the name.

    The slug is made when the object is first saved and never changes with the name, so
    a cited URL keeps working; a model with a `search_key` field has it folded again from
    the name on every save, so a renamed driver is found by the new name. Subclasses say
    what each is made from when it is not `name`, and where a slug must be unique.
    """

    # Whether the slug is in the path of a page of its own, whose former addresses then
    # redirect to it (FormerSlug); a session's or a report's is only an anchor on its event's.
    slug_in_path = True

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if any(field.name == "search_key" for field in self._meta.concrete_fields):
            self.search_key = fold(self.search_text())
        if not self.slug:
            self.slug = unique_slug(type(self), self.slug_text(), scope=self.slug_scope())
        update_fields = kwargs.get("update_fields")
        former = getattr(self, "_stored_slug", None) if update_fields is None or "slug" in update_fields else None
        super().save(*args, **kwargs)
        if self.slug_in_path and former and former != self.slug:
            FormerSlug.moved(self, former)
        self._stored_slug = self.slug

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # The slug as stored, so that a save sees it changed without reading it again.
        instance._stored_slug = instance.__dict__.get("slug")
        return instance

    def slug_text(self) -> str:
        return self.name

    def search_text(self) -> str:
        return self.slug_text()

    def slug_scope(self) -> dict:
        """The objects among which the slug is unique, as a filter: all of the model by default."""
        return {}


class FormerSlug(models.Model):
    """A slug a page had before an editor changed it: its old address answers with a
    permanent redirect to the new one (racearchive.moved), so no citation of it breaks.

    `scope` tells apart slugs that are unique only within something: an event's within
    its season ("season:12"); empty for the rest.
    """

    kind = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    scope = models.CharField(max_length=40, blank=True)
    slug = models.SlugField(max_length=200)
    object_id = models.PositiveBigIntegerField()
    moved_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "scope", "slug"], name="former_slug_unique")]

    def __str__(self):
        return f"{self.kind.model} {self.slug} (now #{self.object_id})"

    @staticmethod
    def scope_key(scope: dict) -> str:
        """A slug_scope() filter as text: {"season": <Season 12>} is "season:12"."""
        return ";".join(f"{name}:{getattr(value, 'pk', value)}" for name, value in sorted(scope.items()))

    @classmethod
    def moved(cls, obj, former: str) -> None:
        """`obj`'s slug was `former`: that address now leads to it (and its new slug is no one's old one)."""
        kind, scope = ContentType.objects.get_for_model(obj), cls.scope_key(obj.slug_scope())
        cls.objects.filter(kind=kind, scope=scope, slug=obj.slug).delete()
        cls.objects.update_or_create(kind=kind, scope=scope, slug=former, defaults={"object_id": obj.pk})

    @classmethod
    def current(cls, model, slug: str, **scope) -> str | None:
        """The slug now of whatever `model` had `slug` (within `scope`), or None."""
        kind = ContentType.objects.get_for_model(model)
        moved = cls.objects.filter(kind=kind, scope=cls.scope_key(scope), slug=slug)
        moved = moved.values_list("object_id", flat=True).first()
        if moved is None:
            return None
        return model._base_manager.filter(pk=moved).values_list("slug", flat=True).first()


class CarQuerySet(NamedQuerySet):
    def with_makes(self):
        """What a list of cars shows: the chassis make and the engine make."""
        return self.select_related("manufacturer", "engine_manufacturer")


class Manufacturer(SluggedModel):
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    history = ArchiveHistory(excluded_fields=["search_key"])
    country = CountryField(blank=True)
    search_key = models.CharField(max_length=100, editable=False, db_index=True)

    objects = NamedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="manufacturer_unique_name",
                violation_error_message="A manufacturer with this name already exists.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return page_path("results:manufacturer", slug=self.slug)


class Team(SluggedModel):
    """The organisation; the name entered on a given day is kept on the Entry."""

    name = models.CharField(max_length=150)
    slug = models.SlugField(max_length=150, unique=True)
    history = ArchiveHistory(excluded_fields=["search_key"])
    country = CountryField(blank=True)
    search_key = models.CharField(max_length=150, editable=False, db_index=True)

    objects = NamedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="team_unique_name",
                violation_error_message="A team with this name already exists.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return page_path("results:team", slug=self.slug)


class Car(SluggedModel):
    """A model of a manufacturer (Porsche 963), with the engine make when it differs."""

    manufacturer = models.ForeignKey(
        Manufacturer, on_delete=models.PROTECT, related_name="cars", help_text="The chassis make."
    )
    model = models.CharField(max_length=100, help_text="As the maker names it: 963, 296 GT3, 83G.")
    engine_manufacturer = models.ForeignKey(
        Manufacturer,
        on_delete=models.PROTECT,
        related_name="engined_cars",
        null=True,
        blank=True,
        help_text="Leave empty when the engine is the chassis maker's own.",
    )
    slug = models.SlugField(max_length=150, unique=True)
    history = ArchiveHistory(excluded_fields=["search_key"])
    search_key = models.CharField(max_length=200, editable=False, db_index=True)

    objects = CarQuerySet.as_manager()

    class Meta:
        ordering = ["manufacturer__name", "model"]
        constraints = [
            # Two partial constraints because NULL engines never collide in a plain one.
            models.UniqueConstraint(
                "manufacturer",
                Lower("model"),
                condition=models.Q(engine_manufacturer__isnull=True),
                name="car_unique_model_per_make",
                violation_error_message="This car model already exists for this make.",
            ),
            models.UniqueConstraint(
                "manufacturer",
                Lower("model"),
                "engine_manufacturer",
                condition=models.Q(engine_manufacturer__isnull=False),
                name="car_unique_model_per_make_and_engine",
                violation_error_message="This car model already exists for this make and engine.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return page_path("results:car", slug=self.slug)

    def slug_text(self) -> str:
        return self.full_name

    @property
    def name(self) -> str:
        # Only the chassis make's name; callers select_related("manufacturer").
        return car_name(self.manufacturer.name, self.model)

    @property
    def full_name(self) -> str:
        """The name with a foreign engine: "March 83G-Porsche", as the sport writes it."""
        if self.engine_manufacturer_id and self.engine_manufacturer_id != self.manufacturer_id:
            return car_name(self.manufacturer.name, self.model, self.engine_manufacturer.name)
        return self.name

    @property
    def engine_make(self) -> Manufacturer:
        """The engine's maker: the named engine make, or the chassis make's own."""
        return self.engine_manufacturer or self.manufacturer


class Driver(SluggedModel):
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=200, unique=True)
    history = ArchiveHistory(excluded_fields=["search_key", "sort_key"])
    nationality = CountryField(blank=True)
    birth_date = models.DateField(null=True, blank=True)
    hometown = models.CharField(max_length=150, blank=True)
    search_key = models.CharField(max_length=200, editable=False, db_index=True)
    # Where a list files the driver (naming.name_sort_key): kept with the name on every save.
    sort_key = models.CharField(max_length=210, editable=False, default="")

    objects = NamedQuerySet.as_manager()

    class Meta:
        ordering = ["sort_key", "slug"]
        indexes = [
            models.Index(fields=["family_name", "given_name"], name="driver_name_idx"),
            models.Index(fields=["sort_key", "slug"], name="driver_sort_idx"),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.sort_key = name_sort_key(self.given_name, self.family_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"given_name", "family_name"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "sort_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return page_path("results:driver", slug=self.slug)

    def slug_text(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return person_name(self.given_name, self.family_name)


class Merge(models.Model):
    """Two records found to be one (a driver spelt two ways), merged by an editor: what
    moved, and what it takes to undo it (drivers.merging)."""

    kind = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    kept_id = models.PositiveBigIntegerField(help_text="The record kept, which the other's rows now name.")
    kept_name = models.CharField(max_length=200)
    merged_name = models.CharField(max_length=200, help_text="The record merged into the kept one, as it was.")
    merged_at = models.DateTimeField(auto_now_add=True)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moves = models.TextField(help_text="One line per kind of row moved.")
    undo = models.JSONField(default=dict, encoder=DjangoJSONEncoder, editable=False)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-merged_at", "-id"]

    def __str__(self):
        return f"{self.merged_name} into {self.kept_name}"

    @property
    def move_lines(self) -> list[str]:
        return self.moves.splitlines()
