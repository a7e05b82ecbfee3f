"""Reading rendered pages: form errors and field values as a person sees them."""

from bs4 import BeautifulSoup


def form_errors(response) -> str:
    soup = BeautifulSoup(response.content, "html.parser")
    return " ".join(ul.get_text(" ", strip=True) for ul in soup.select(".field__errors"))


def field_value(response, name) -> str | None:
    soup = BeautifulSoup(response.content, "html.parser")
    element = soup.find(attrs={"name": name})
    if element is None:
        return None
    return element.get_text() if element.name == "textarea" else element.get("value")


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def page_text(response) -> str:
    """The page's text as read, whitespace collapsed."""
    return soup(response).get_text(" ", strip=True)
