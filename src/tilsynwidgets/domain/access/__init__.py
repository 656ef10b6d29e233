"""Who is signed in, which roles that person holds, and what the roles allow."""
