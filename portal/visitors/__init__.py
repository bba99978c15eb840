"""Web screens of the visitor services: the guestbook kiosk and the frontline desk."""
