"""Entry point: the review UI and the REST API on one server (http://127.0.0.1:7860/ui/).

Host and port from STUDIO_HOST / STUDIO_PORT; the database from DATABASE_URL (default var/studio.db).
"""

from studio.server import serve

if __name__ == "__main__":
    serve()
