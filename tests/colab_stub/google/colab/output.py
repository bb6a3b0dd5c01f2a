"""``google.colab.output``: the widget-manager switch the set-up cell turns on."""

custom_widget_manager_enabled = False


def enable_custom_widget_manager() -> None:
    """On Colab: let third-party ipywidgets render. Here: remember that the set-up cell asked."""
    global custom_widget_manager_enabled
    custom_widget_manager_enabled = True


def disable_custom_widget_manager() -> None:
    global custom_widget_manager_enabled
    custom_widget_manager_enabled = False
