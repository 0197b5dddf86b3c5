// Tailwind CSS 4 through PostCSS; the styles themselves live in app/globals.css (`@import "tailwindcss";`).
const config = {
  plugins: {
    "@tailwindcss/postcss": {},
  },
};

export default config;
