from django.apps import AppConfig


class EssaimConfig(AppConfig):
    name = "config"
    verbose_name = "Essaim"

    def ready(self):
        from allauth.mfa.signals import authenticator_added

        from config.mfa import record_enrolment

        authenticator_added.connect(record_enrolment, dispatch_uid="essaim_record_mfa_enrolment")
