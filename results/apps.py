from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ResultsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "results"

    def ready(self):
        from results.models.integrity import ensure_after_migrate
        from results.stats import credits, invalidation

        post_migrate.connect(ensure_after_migrate, sender=self, dispatch_uid="results.ensure_database_rules")
        invalidation.connect()  # every save and delete tells the read cache what it touched
        credits.connect()  # and recounts the credits it changes
